/**
 * Configuration edits behind the Targets view: pasted URLs become static targets of a job, and a static target can
 * be removed again. Both are pure: they return a new configuration for ScrapeManager.applyConfig.
 */
import type { LabelsObject } from '../model/labels';
import { parseDuration } from '../model/time';
import { PASTED_INTERVAL, PASTED_TIMEOUT, scrapeConfig, type PromConfig, type ScrapeConfig, type ScrapeProtocol, type TargetGroup } from './config';
import { compileRelabel } from './relabel';
import { METRICS_PATH, parseTargetURLs, SCHEME, targetsFromGroup } from './targets';

/** AddTargetsOptions tunes targets added by pasting. */
export interface AddTargetsOptions {
  /** interval and timeout as durations ('15s') or ms; a new job defaults to 15s and min(10s, interval). */
  interval?: string | number;
  timeout?: string | number;
  labels?: LabelsObject;
  /** honorLabels and scrapeProtocols set a new job's honor_labels (a Pushgateway needs it) and scrape_protocols. */
  honorLabels?: boolean;
  scrapeProtocols?: readonly ScrapeProtocol[];
  /** scrapeNativeHistograms sets a new job's scrape_native_histograms (protobuf is then asked for first). */
  scrapeNativeHistograms?: boolean;
}

function ms(v: string | number | undefined, fallback: number): number {
  return v === undefined ? fallback : typeof v === 'number' ? v : parseDuration(v);
}

/** newJob builds a pasted job: 15s by default, and a timeout of 10s or the interval when that is shorter. */
function newJob(jobName: string, opts: AddTargetsOptions, cfg: PromConfig): ScrapeConfig {
  const scrapeInterval = ms(opts.interval, PASTED_INTERVAL);
  const scrapeTimeout = ms(opts.timeout, Math.min(PASTED_TIMEOUT, scrapeInterval));
  const extra = {
    ...(opts.honorLabels ? { honorLabels: true } : {}),
    ...(opts.scrapeProtocols?.length ? { scrapeProtocols: opts.scrapeProtocols } : {}),
    ...(opts.scrapeNativeHistograms ? { scrapeNativeHistograms: true } : {}),
  };
  return scrapeConfig({ jobName, scrapeInterval, scrapeTimeout, ...extra }, cfg.global);
}

/** groupLabels keeps only what differs from the job: scheme and path when not the job's, params, user labels. */
function groupLabels(pasted: LabelsObject, sc: ScrapeConfig, extra: LabelsObject | undefined): LabelsObject {
  const labels: LabelsObject = { ...extra };
  for (const [k, v] of Object.entries(pasted)) {
    if ((k === SCHEME && v === sc.scheme) || (k === METRICS_PATH && v === sc.metricsPath)) continue;
    labels[k] = v;
  }
  return labels;
}

function sameLabels(a: LabelsObject, b: LabelsObject): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/**
 * addPastedTargets adds pasted URLs to the configuration, creating jobs as needed. A malformed URL adds nothing at
 * all (errors name it); duplicates are reported and skipped; hints note paths other than /metrics.
 */
export function addPastedTargets(
  cfg: PromConfig,
  urls: string,
  job: string | undefined,
  opts: AddTargetsOptions,
): { config: PromConfig; added: string[]; errors: string[]; hints: string[] } {
  const { targets, errors, hints } = parseTargetURLs(urls, job);
  if (errors.length) return { config: cfg, added: [], errors, hints: [] };
  const jobs = new Map(cfg.scrapeConfigs.map((sc) => [sc.jobName, sc]));
  const added: string[] = [];
  for (const t of targets) {
    const sc =
      jobs.get(t.job) ??
      newJob(t.job, opts, cfg);
    const address = t.group.targets[0];
    const group: TargetGroup = { targets: [address], labels: groupLabels(t.group.labels, sc, opts.labels) };
    if (sc.staticConfigs.some((g) => g.targets.includes(address) && sameLabels(g.labels, group.labels))) {
      errors.push(`${address} is already a target of job "${t.job}"`);
      continue;
    }
    jobs.set(t.job, { ...sc, staticConfigs: [...sc.staticConfigs, group] });
    const spec = targetsFromGroup(group, sc, compileRelabel(sc.relabelConfigs)).active[0];
    if (spec) added.push(spec.url);
  }
  return { config: { ...cfg, scrapeConfigs: [...jobs.values()] }, added, errors, hints };
}

/**
 * removeStaticTarget removes the static target of a job that scrapes scrapeUrl; a job left without targets or
 * discovery goes too. Returns null when no static target matches.
 */
export function removeStaticTarget(cfg: PromConfig, scrapePool: string, scrapeUrl: string): PromConfig | null {
  const sc = cfg.scrapeConfigs.find((j) => j.jobName === scrapePool);
  if (!sc) return null;
  const rules = compileRelabel(sc.relabelConfigs);
  let found = false;
  const staticConfigs = sc.staticConfigs
    .map((g) => {
      const targets = g.targets.filter((addr) => {
        const hit = targetsFromGroup({ ...g, targets: [addr] }, sc, rules).active.some((s) => s.url === scrapeUrl);
        found ||= hit;
        return !hit;
      });
      return { ...g, targets };
    })
    .filter((g) => g.targets.length > 0);
  if (!found) return null;
  const empty = staticConfigs.length === 0 && sc.httpSdConfigs.length === 0 && sc.fileSdConfigs.length === 0;
  const scrapeConfigs = cfg.scrapeConfigs.flatMap((j) => (j !== sc ? [j] : empty ? [] : [{ ...sc, staticConfigs }]));
  return { ...cfg, scrapeConfigs };
}
