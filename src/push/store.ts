/**
 * PushStore keeps metrics pushed into the tab with the Pushgateway's semantics: groups keyed by job and grouping
 * labels, PUT replaces a group, POST replaces only the families it names, DELETE drops a group. Every group carries
 * `push_time_seconds` and `push_failure_time_seconds`. The store renders as Prometheus text for the scrape of the
 * `pushgateway` job (scraped with honor_labels, so a deleted group's series go stale through scrape staleness).
 */
import { familiesFromSamples, parseAll, writePrometheusText, type MetricFamily } from '../exposition';
import { isLegacyLabelName, labelsFromObject, labelsKey, labelsString, labelsToObject, METRIC_NAME, type Labels } from '../model/labels';
import type { MetricType } from '../model/metadata';
import { PushError } from './message';

export { PushError, parseGroupingLabels } from './message';

/** PushMethod is the HTTP method a push imitates. */
export type PushMethod = 'PUT' | 'POST' | 'DELETE';

/** GroupingKey names a group: its job and further grouping labels. */
export interface GroupingKey {
  readonly job: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** PushedFamily is a stored metric family; sample labels already carry the group's labels. */
export interface PushedFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly samples: readonly { readonly labels: Labels; readonly value: number }[];
}

/** PushGroup is one group: its labels (job and grouping labels), families, and push times in seconds (0 = never). */
export interface PushGroup {
  readonly labels: Labels;
  readonly families: readonly PushedFamily[];
  readonly pushTime: number;
  readonly failureTime: number;
}

/** PUSH_TIME and PUSH_FAILURE_TIME are the per-group metrics the store adds; a body may not push them. */
export const PUSH_TIME = 'push_time_seconds';
/** PUSH_FAILURE_TIME is the time of a group's last failed push. */
export const PUSH_FAILURE_TIME = 'push_failure_time_seconds';

/** groupLabels turns a grouping key into the group's sorted labels; empty values are absent, as in Prometheus. */
export function groupLabels(key: GroupingKey): Labels {
  if (key.job === '') throw new PushError('job name is required');
  const obj: Record<string, string> = {};
  for (const [n, v] of Object.entries(key.labels ?? {})) {
    if (!isLegacyLabelName(n) || n.startsWith('__')) throw new PushError(`invalid grouping label name "${n}"`);
    if (n === 'job') throw new PushError('the job is given apart, not as a grouping label');
    if (v !== '') obj[n] = v;
  }
  obj.job = key.job;
  return labelsFromObject(obj);
}


/** withGroupLabels sets the group's labels on a pushed sample, overwriting the body's values as the Pushgateway does. */
function withGroupLabels(ls: Labels, group: Labels): Labels {
  const obj = labelsToObject(ls);
  for (let i = 0; i < group.length; i += 2) obj[group[i]] = group[i + 1];
  return labelsFromObject(obj);
}

/**
 * parseBody parses a pushed body into families; a malformed body throws a positioned PushError. Samples named
 * push_time_seconds or push_failure_time_seconds are dropped: the store's own values override them.
 */
export function parseBody(body: string): MetricFamily[] {
  let parsed;
  try {
    parsed = parseAll(body, 'text');
  } catch (e) {
    const err = e as { line?: number; column?: number; msg?: string; message: string };
    throw new PushError(err.message, err.line, err.column);
  }
  for (const s of parsed.samples) {
    if (s.timestamp !== undefined) throw new PushError(`pushed metric ${s.name} has a timestamp; pushed metrics must not`);
  }
  const own = (name: string) => name === PUSH_TIME || name === PUSH_FAILURE_TIME;
  return familiesFromSamples(
    parsed.samples.filter((s) => !own(s.name)),
    parsed.metadata,
  );
}

/** PushOutcome is what a push did: ok, or the error (the failure time is recorded when the body was well formed). */
export interface PushOutcome {
  readonly ok: boolean;
  readonly error?: PushError;
}

/** PushStore holds the groups; it is pure state, persisted by its owner through snapshot(). */
export class PushStore {
  private readonly byKey = new Map<string, PushGroup>();

  constructor(groups: Iterable<PushGroup> = []) {
    for (const g of groups) this.byKey.set(labelsKey(g.labels), g);
  }

  /** groups returns the groups sorted by their labels. */
  groups(): PushGroup[] {
    return [...this.byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  }

  /** put replaces the whole group with the body's families (nowSec in seconds). */
  put(key: GroupingKey, body: string, nowSec: number): PushOutcome {
    return this.push(key, body, nowSec, false);
  }

  /** post replaces only the families of the same names as the body's. */
  post(key: GroupingKey, body: string, nowSec: number): PushOutcome {
    return this.push(key, body, nowSec, true);
  }

  /** delete removes the group; deleting an absent group succeeds. */
  delete(key: GroupingKey): PushOutcome {
    try {
      this.byKey.delete(labelsKey(groupLabels(key)));
      return { ok: true };
    } catch (e) {
      return { ok: false, error: e as PushError };
    }
  }

  /** apply runs one request by its method. */
  apply(method: PushMethod, key: GroupingKey, body: string, nowSec: number): PushOutcome {
    if (method === 'DELETE') return this.delete(key);
    return method === 'PUT' ? this.put(key, body, nowSec) : this.post(key, body, nowSec);
  }

  private push(key: GroupingKey, body: string, nowSec: number, merge: boolean): PushOutcome {
    let labels: Labels;
    let families: MetricFamily[];
    try {
      labels = groupLabels(key);
      families = parseBody(body);
    } catch (e) {
      return { ok: false, error: e as PushError };
    }
    const id = labelsKey(labels);
    const old = this.byKey.get(id);
    try {
      const pushed: PushedFamily[] = families.map((f) => ({
        name: f.name,
        type: f.type,
        help: f.help,
        samples: f.samples.map((s) => ({ labels: withGroupLabels(s.labels, labels), value: s.value })),
      }));
      const names = new Set(pushed.map((f) => f.name));
      const kept = merge && old ? old.families.filter((f) => !names.has(f.name)) : [];
      const next = [...kept, ...pushed].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.checkConsistent(id, next);
      this.byKey.set(id, { labels, families: next, pushTime: nowSec, failureTime: old?.failureTime ?? 0 });
      return { ok: true };
    } catch (e) {
      this.byKey.set(id, { labels, families: old?.families ?? [], pushTime: old?.pushTime ?? 0, failureTime: nowSec });
      return { ok: false, error: e as PushError };
    }
  }

  /**
   * checkConsistent refuses a family whose type differs from the same family in another group, and a series that
   * would be exposed twice (same labels, in this push or another group); help strings may differ.
   */
  private checkConsistent(id: string, families: readonly PushedFamily[]): void {
    const types = new Map<string, MetricType>();
    const seen = new Set<string>();
    for (const [k, g] of this.byKey) {
      if (k === id) continue;
      for (const f of g.families) {
        types.set(f.name, f.type);
        for (const s of f.samples) seen.add(labelsKey(s.labels));
      }
    }
    for (const f of families) {
      const t = types.get(f.name);
      if (t !== undefined && t !== f.type) throw new PushError(`metric family ${f.name} is of type ${f.type} here but ${t} in another group`);
      for (const s of f.samples) {
        const key = labelsKey(s.labels);
        if (seen.has(key)) throw new PushError(`series ${labelsString(s.labels)} would be exposed twice`);
        seen.add(key);
      }
    }
  }

  /** text renders every group as Prometheus text: each family once (help from its first group), then the push times. */
  text(): string {
    const merged = new Map<string, { name: string; type: MetricType; help: string; samples: { labels: Labels; value: number }[] }>();
    const times = { [PUSH_TIME]: [] as { labels: Labels; value: number }[], [PUSH_FAILURE_TIME]: [] as { labels: Labels; value: number }[] };
    for (const g of this.groups()) {
      for (const f of g.families) {
        const m = merged.get(f.name);
        if (m) m.samples.push(...f.samples);
        else merged.set(f.name, { name: f.name, type: f.type, help: f.help, samples: [...f.samples] });
      }
      times[PUSH_TIME].push({ labels: labelsFromObject({ ...labelsToObject(g.labels), [METRIC_NAME]: PUSH_TIME }), value: g.pushTime });
      times[PUSH_FAILURE_TIME].push({ labels: labelsFromObject({ ...labelsToObject(g.labels), [METRIC_NAME]: PUSH_FAILURE_TIME }), value: g.failureTime });
    }
    const families: MetricFamily[] = [...merged.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (this.byKey.size > 0) {
      families.push({ name: PUSH_FAILURE_TIME, type: 'gauge', help: 'Last Unix time when changing this group in the push store failed.', samples: times[PUSH_FAILURE_TIME] });
      families.push({ name: PUSH_TIME, type: 'gauge', help: 'Last Unix time when changing this group in the push store succeeded.', samples: times[PUSH_TIME] });
    }
    return writePrometheusText(families);
  }
}
