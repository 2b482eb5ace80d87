/**
 * Service discovery: target groups from file_sd contents the user imports (JSON or YAML) and from http_sd
 * endpoints polled on their refresh interval. A failing refresh keeps the last good list and exposes the error.
 */
import { parse as parseYaml } from 'yaml';
import type { LabelsObject } from '../model/labels';
import type { Clock, FetchFn, TimerHandle } from './clock';
import type { HttpSdConfig, TargetGroup } from './config';
import { requestInit, statusLine } from './http';

/** groupsFromJSON validates a decoded list of `{targets, labels}` and adds extra labels to each group. */
export function groupsFromJSON(data: unknown, source: string, extra: LabelsObject): TargetGroup[] {
  if (!Array.isArray(data)) throw new Error('expected a list of target groups');
  return data.map((g: unknown, i) => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) throw new Error(`target group ${i}: expected an object`);
    const { targets = [], labels = {}, ...rest } = g as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new Error(`target group ${i}: unknown field "${unknown[0]}"`);
    if (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string')) {
      throw new Error(`target group ${i}: "targets" must be a list of strings`);
    }
    if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
      throw new Error(`target group ${i}: "labels" must be an object`);
    }
    const ls: LabelsObject = { ...extra };
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string') throw new Error(`target group ${i}: label "${k}" must be a string`);
      ls[k] = v;
    }
    return { targets: targets as string[], labels: ls, source: `${source}:${i}` };
  });
}

/** parseFileSD reads a file_sd file's contents (JSON or YAML) into target groups labelled `__meta_filepath`. */
export function parseFileSD(text: string, filename: string): TargetGroup[] {
  const data = /\.json$/i.test(filename) ? JSON.parse(text) : parseYaml(text);
  return groupsFromJSON(data ?? [], filename, { __meta_filepath: filename });
}

function globRegex(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`);
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * globMatches reports whether an imported file name matches a file_sd `files` pattern (`*` and `?` within one path
 * segment). A browser import has no directory, so the pattern's last segment may match the name's last segment.
 */
export function globMatches(pattern: string, name: string): boolean {
  return globRegex(pattern).test(name) || globRegex(basename(pattern)).test(basename(name));
}

const JSON_TYPE = /^application\/json;?\s*(charset=utf-8)?$/i;

/** fetchHttpSD GETs one http_sd endpoint and returns its groups labelled `__meta_url`; throws with a message. */
export async function fetchHttpSD(cfg: HttpSdConfig, fetchFn: FetchFn, signal?: AbortSignal): Promise<TargetGroup[]> {
  const res = await fetchFn(cfg.url, { ...requestInit(cfg.http, 'application/json'), signal });
  if (res.status !== 200) {
    void res.body?.cancel().catch(() => undefined);
    throw new Error(`server returned HTTP status ${statusLine(res)}`);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!JSON_TYPE.test(type.trim())) throw new Error(`unsupported content type "${type}"`);
  return groupsFromJSON(await res.json(), cfg.url, { __meta_url: cfg.url });
}

/** SD_TIMEOUT bounds one http_sd request (never longer than the refresh interval). */
export const SD_TIMEOUT = 30_000;

/** HttpSD polls one http_sd endpoint on its refresh interval and reports each new list. */
export class HttpSD {
  /** groups is the last good list. */
  groups: TargetGroup[] = [];
  /** lastError is the error of the last refresh, '' when it succeeded. */
  lastError = '';
  private timer: TimerHandle = null;
  private stopped = true;

  constructor(
    readonly cfg: HttpSdConfig,
    private readonly fetchFn: FetchFn,
    private readonly clock: Clock,
    private readonly onUpdate: (sd: HttpSD) => void,
  ) {}

  /** start refreshes now and then every refresh interval. */
  start(): void {
    this.stopped = false;
    void this.refresh();
  }

  /** stop cancels the next refresh. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
  }

  /** refresh fetches once; on failure the last good list stays and the error is kept. */
  async refresh(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    const ctrl = new AbortController();
    const timer = this.clock.setTimeout(() => ctrl.abort(), Math.min(this.cfg.refreshInterval, SD_TIMEOUT));
    try {
      this.groups = await fetchHttpSD(this.cfg, this.fetchFn, ctrl.signal);
      this.lastError = '';
    } catch (e) {
      this.lastError = ctrl.signal.aborted ? 'context deadline exceeded' : (e as Error).message;
    }
    this.clock.clearTimeout(timer);
    if (this.stopped) return;
    this.onUpdate(this);
    this.timer = this.clock.setTimeout(() => void this.refresh(), this.cfg.refreshInterval);
  }
}
