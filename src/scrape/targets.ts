/**
 * Targets: from a discovered target group and its job's config to the labels a target scrapes with, as
 * Prometheus's scrape/target.go does (defaults, relabel_configs, `__meta_*` removal, `instance` defaulting to the
 * address), its scrape URL, and the parsing of pasted URLs into target groups.
 */
import { formatDuration, parseDuration } from '../model/time';
import { labelsGet, LabelsBuilder, type Labels, type LabelsObject } from '../model/labels';
import { checkTargetAddress, type ScrapeConfig, type TargetGroup } from './config';
import { relabel, type CompiledRelabel } from './relabel';

/** ADDRESS is the label holding a target's host:port. */
export const ADDRESS = '__address__';
/** SCHEME is the label holding a target's URL scheme. */
export const SCHEME = '__scheme__';
/** METRICS_PATH is the label holding a target's URL path. */
export const METRICS_PATH = '__metrics_path__';
/** SCRAPE_INTERVAL is the label holding a target's scrape interval. */
export const SCRAPE_INTERVAL = '__scrape_interval__';
/** SCRAPE_TIMEOUT is the label holding a target's scrape timeout. */
export const SCRAPE_TIMEOUT = '__scrape_timeout__';
/** PARAM_PREFIX starts labels that become URL query parameters. */
export const PARAM_PREFIX = '__param_';
/** META_PREFIX starts discovery labels, removed after relabeling. */
export const META_PREFIX = '__meta_';

/** TargetSpec is a target that survived relabeling: everything the loop needs to scrape it. */
export interface TargetSpec {
  readonly scrapePool: string;
  /** discoveredLabels are the labels before relabeling (meta labels included). */
  readonly discoveredLabels: Labels;
  /** labels are the labels after relabeling, reserved `__` labels included. */
  readonly labels: Labels;
  readonly url: string;
  readonly interval: number;
  readonly timeout: number;
}

/** TargetResult is a group's targets split into active and dropped, with per-target errors. */
export interface TargetResult {
  readonly active: TargetSpec[];
  readonly dropped: Labels[];
  readonly errors: string[];
}

/** discoveredLabels builds a target's labels before relabeling: target over group labels, then job defaults. */
export function discoveredLabels(address: string, groupLabels: LabelsObject, cfg: ScrapeConfig): Labels {
  const lb = new LabelsBuilder();
  for (const [n, v] of Object.entries(groupLabels)) lb.set(n, v);
  lb.set(ADDRESS, address);
  const defaults: [string, string][] = [
    ['job', cfg.jobName],
    [SCRAPE_INTERVAL, formatDuration(cfg.scrapeInterval)],
    [SCRAPE_TIMEOUT, formatDuration(cfg.scrapeTimeout)],
    [METRICS_PATH, cfg.metricsPath],
    [SCHEME, cfg.scheme],
  ];
  for (const [n, v] of defaults) if (lb.get(n) === '') lb.set(n, v);
  for (const [k, vs] of Object.entries(cfg.params)) {
    if (vs.length > 0 && lb.get(PARAM_PREFIX + k) === '') lb.set(PARAM_PREFIX + k, vs[0]);
  }
  return lb.labels();
}

function durationLabel(ls: Labels, name: string, what: string): number | string {
  const s = labelsGet(ls, name);
  let d: number;
  try {
    d = parseDuration(s);
  } catch (e) {
    return `error parsing ${what}: ${(e as Error).message}`;
  }
  return d === 0 ? `${what} cannot be 0` : d;
}

/**
 * populateLabels relabels a target's discovered labels and checks the result. It returns the final labels, null
 * when relabeling dropped the target, or an error message.
 */
export function populateLabels(discovered: Labels, rules: readonly CompiledRelabel[]): Labels | null | string {
  const ls = relabel(discovered, rules);
  if (ls === null) return null;
  const addr = labelsGet(ls, ADDRESS);
  if (addr === '') return 'no address';
  const bad = checkTargetAddress(addr);
  if (bad) return bad;
  const interval = durationLabel(ls, SCRAPE_INTERVAL, 'scrape interval');
  if (typeof interval === 'string') return interval;
  const timeout = durationLabel(ls, SCRAPE_TIMEOUT, 'scrape timeout');
  if (typeof timeout === 'string') return timeout;
  if (timeout > interval) {
    return `scrape timeout cannot be greater than scrape interval ("${labelsGet(ls, SCRAPE_TIMEOUT)}" > "${labelsGet(ls, SCRAPE_INTERVAL)}")`;
  }
  const lb = new LabelsBuilder(ls);
  for (let i = 0; i < ls.length; i += 2) if (ls[i].startsWith(META_PREFIX)) lb.del(ls[i]);
  if (lb.get('instance') === '') lb.set('instance', addr);
  return lb.labels();
}

/** targetURL builds the scrape URL from a target's labels and its job's params (`__param_*` labels win). */
export function targetURL(ls: Labels, params: Readonly<Record<string, readonly string[]>>): string {
  const q = new Map<string, string[]>();
  for (const [k, vs] of Object.entries(params)) q.set(k, [...vs]);
  for (let i = 0; i < ls.length; i += 2) {
    if (!ls[i].startsWith(PARAM_PREFIX)) continue;
    const k = ls[i].slice(PARAM_PREFIX.length);
    const vs = q.get(k);
    if (vs && vs.length > 0) vs[0] = ls[i + 1];
    else q.set(k, [ls[i + 1]]);
  }
  const search = new URLSearchParams();
  for (const k of [...q.keys()].sort()) for (const v of q.get(k)!) search.append(k, v);
  const query = search.toString();
  const path = labelsGet(ls, METRICS_PATH);
  return `${labelsGet(ls, SCHEME)}://${labelsGet(ls, ADDRESS)}${path}${query ? `?${query}` : ''}`;
}

/** publicLabels drops the reserved `__`-prefixed labels, leaving what a target attaches to its series. */
export function publicLabels(ls: Labels): Labels {
  return ls.filter((_, i) => !ls[i - (i % 2)].startsWith('__'));
}

/** targetsFromGroup turns one target group into active and dropped targets of a scrape pool. */
export function targetsFromGroup(g: TargetGroup, cfg: ScrapeConfig, rules: readonly CompiledRelabel[]): TargetResult {
  const out: TargetResult = { active: [], dropped: [], errors: [] };
  for (const address of g.targets) {
    const discovered = discoveredLabels(address, g.labels, cfg);
    const ls = populateLabels(discovered, rules);
    if (ls === null) out.dropped.push(discovered);
    else if (typeof ls === 'string') out.errors.push(`instance ${address} in group ${g.source ?? ''}: ${ls}`);
    else {
      out.active.push({
        scrapePool: cfg.jobName,
        discoveredLabels: discovered,
        labels: ls,
        url: targetURL(ls, cfg.params),
        interval: parseDuration(labelsGet(ls, SCRAPE_INTERVAL)),
        timeout: parseDuration(labelsGet(ls, SCRAPE_TIMEOUT)),
      });
    }
  }
  return out;
}

/** PastedTarget is one URL of a paste: the job it belongs to and the static target group it becomes. */
export interface PastedTarget {
  readonly job: string;
  readonly group: TargetGroup;
}

/** BARE_TARGET is a target typed without a scheme: host:port (a name, IPv4 or [IPv6]), then maybe a path or query. */
const BARE_TARGET = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]):\d{1,5}(?:[/?].*)?$/i;

/**
 * parseTargetURLs splits pasted text on newlines, spaces and commas and turns each URL into a target group. A URL
 * needs an http or https scheme, or is host:port (then http). A path is kept as given, `/` too, with a hint when it
 * is not /metrics; with no path at all it is /metrics. Query parameters become `__param_*` labels. Without a job
 * name, each target's job is its host name. Errors name the line; callers add nothing when there is any.
 */
export function parseTargetURLs(text: string, job?: string): { targets: PastedTarget[]; errors: string[]; hints: string[] } {
  const targets: PastedTarget[] = [];
  const errors: string[] = [];
  const hints: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const where = text.includes('\n') ? `line ${i + 1}: ` : '';
    for (const raw of line.split(/[\s,]+/).filter((x) => x !== '')) {
      const schemed = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
      const url = schemed ? (URL.canParse(raw) ? new URL(raw) : null) : BARE_TARGET.test(raw) ? new URL(`http://${raw}`) : null;
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '' || url.username || url.password) {
        errors.push(`${where}"${raw}" is not a target URL: write http(s)://host[:port][/path] or host:port`);
        continue;
      }
      const afterHost = raw.slice(schemed ? raw.indexOf('//') + 2 : 0).replace(/^[^/?#]*/, '');
      const path = afterHost.startsWith('/') ? decodeURI(url.pathname) : '/metrics';
      if (path !== '/metrics') hints.push(`${url.origin}${path} is scraped at path ${path}, not /metrics`);
      const labels: LabelsObject = { [SCHEME]: url.protocol.slice(0, -1), [METRICS_PATH]: path };
      for (const [k, v] of url.searchParams) if (!(PARAM_PREFIX + k in labels)) labels[PARAM_PREFIX + k] = v;
      targets.push({ job: job || url.hostname, group: { targets: [url.host], labels } });
    }
  });
  return { targets, errors, hints };
}
