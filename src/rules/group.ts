/**
 * Group: one rule group's rules, evaluated in order at slotted timestamps, writing results through an appender
 * and stale markers for series that a rule stopped producing.
 */
import { labelsFromObject, labelsHash, labelsKey, type Labels } from '../model/labels';
import type { Appendable } from '../model/storage';
import { STALE_NAN } from '../model/value';
import { AlertingRule, type RestoredAlert } from './alerting';
import { RecordingRule, type RuleSample } from './recording';
import type { RuleGroupConfig } from './rulefmt';
import { queryEscape } from './template_funcs';
import type { Clock, NotifyFunc, QueryFunc } from './types';

/** Rule is either kind of rule. */
export type Rule = RecordingRule | AlertingRule;

/** GroupEnv is what a group needs from its manager. */
export interface GroupEnv {
  readonly query: QueryFunc;
  readonly appendable: Appendable;
  readonly clock: Clock;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly notify?: NotifyFunc;
  readonly resendDelay: number;
  readonly forGracePeriod: number;
  readonly outageTolerance: number;
}

/** groupKey identifies a group as Prometheus does: `file;name`. */
export function groupKey(file: string, name: string): string {
  return `${file};${name}`;
}

/** Group holds one group's rules and evaluation state. */
export class Group {
  readonly rules: Rule[];
  lastEvaluation = 0;
  evaluationTime = 0;
  /** lastEvalTimestamp is the slot (ms) of the most recent evaluation, 0 before the first. */
  lastEvalTimestamp = 0;
  private seriesInPreviousEval: Map<string, Labels>[];
  private staleSeries: Labels[] = [];
  private restore: Map<string, RestoredAlert> | null = null;

  constructor(
    readonly config: RuleGroupConfig,
    readonly interval: number,
    readonly queryOffset: number,
  ) {
    this.rules = config.rules.map((r) => {
      const labels = { ...config.labels, ...r.labels };
      return r.kind === 'recording' ? new RecordingRule(r, labels) : new AlertingRule(r, labels);
    });
    this.seriesInPreviousEval = this.rules.map(() => new Map());
  }

  /** key is the group's `file;name`. */
  get key(): string {
    return groupKey(this.config.file, this.config.name);
  }

  /** evalTimestamp returns the group's slot at or before now: interval-aligned plus a per-group offset from a hash. */
  evalTimestamp(now: number): number {
    const offset = labelsHash(labelsFromObject({ name: this.config.name, file: this.config.file })) % this.interval;
    const adj = now - offset;
    return adj - (((adj % this.interval) + this.interval) % this.interval) + offset;
  }

  /** setRestore gives saved `for` state (by rule name and alert labels key) to apply on the next evaluation only. */
  setRestore(saved: Map<string, RestoredAlert>): void {
    this.restore = saved;
  }

  /**
   * copyState takes over an old version of the group as Prometheus's CopyState: rules are matched by name and
   * labels (duplicates in order); matched rules keep their alerts and previous series, and the series of
   * unmatched old rules are marked stale at the end of the next evaluation.
   */
  copyState(from: Group): void {
    this.lastEvaluation = from.lastEvaluation;
    this.evaluationTime = from.evaluationTime;
    this.lastEvalTimestamp = from.lastEvalTimestamp;
    const byKey = new Map<string, number[]>();
    from.rules.forEach((r, i) => {
      const k = ruleIdentity(r);
      byKey.set(k, [...(byKey.get(k) ?? []), i]);
    });
    this.rules.forEach((r, i) => {
      const idx = byKey.get(ruleIdentity(r))?.shift();
      if (idx === undefined) return;
      const old = from.rules[idx];
      this.seriesInPreviousEval[i] = from.seriesInPreviousEval[idx];
      if (r instanceof AlertingRule && old instanceof AlertingRule) {
        for (const [k, a] of old.active) r.active.set(k, a);
      }
    });
    this.staleSeries = [...from.staleSeries];
    for (const idxs of byKey.values()) {
      for (const i of idxs) this.staleSeries.push(...from.seriesInPreviousEval[i].values());
    }
  }

  /** eval evaluates every rule in order at slot ts. */
  async eval(ts: number, env: GroupEnv, signal?: AbortSignal): Promise<void> {
    const start = env.clock.now();
    const restore = this.restore;
    this.restore = null;
    for (let i = 0; i < this.rules.length; i++) {
      if (signal?.aborted) return;
      await this.evalRule(i, ts, env, restore, signal);
    }
    if (this.staleSeries.length > 0) {
      await this.appendStale(this.staleSeries, ts, env);
      this.staleSeries = [];
    }
    this.lastEvalTimestamp = ts;
    this.lastEvaluation = start;
    this.evaluationTime = env.clock.now() - start;
  }

  private async evalRule(
    i: number,
    ts: number,
    env: GroupEnv,
    restore: Map<string, RestoredAlert> | null,
    signal?: AbortSignal,
  ): Promise<void> {
    const rule = this.rules[i];
    const start = env.clock.now();
    const st = rule.status;
    let samples: RuleSample[];
    try {
      if (rule instanceof RecordingRule) {
        samples = await rule.eval(ts, this.queryOffset, env.query, this.config.limit, signal);
      } else {
        samples = await rule.eval(ts, {
          query: env.query,
          queryOffset: this.queryOffset,
          limit: this.config.limit,
          externalLabels: env.externalLabels,
          externalURL: env.externalURL,
          signal,
          forGracePeriod: env.forGracePeriod,
          restore: restore
            ? (labels) => {
                const saved = restore.get(`${rule.name}\u0000${labelsKey(labels)}`);
                return saved && ts - saved.savedAt <= env.outageTolerance ? saved : undefined;
              }
            : undefined,
        });
      }
      st.health = 'ok';
      st.lastError = '';
    } catch (e) {
      st.health = 'err';
      st.lastError = (e as Error).message;
      st.lastEvaluation = start;
      st.evaluationTime = env.clock.now() - start;
      return;
    }
    if (rule instanceof AlertingRule && env.notify) {
      const due = rule.dueAlerts(ts, env.resendDelay, this.interval, generatorURL(env.externalURL, rule.config.expr));
      env.notify(
        rule.config.expr,
        due.map((a) => ({ ...a, labels: { ...env.externalLabels, ...a.labels } })),
      );
    }
    await this.write(i, ts, samples, env);
    st.lastEvaluation = start;
    st.evaluationTime = env.clock.now() - start;
  }

  private async write(i: number, ts: number, samples: RuleSample[], env: GroupEnv): Promise<void> {
    const rule = this.rules[i];
    const app = env.appendable.appender();
    const returned = new Map<string, Labels>();
    for (const s of samples) {
      try {
        app.append(0, s.labels, s.t, s.v);
        returned.set(labelsKey(s.labels), s.labels);
      } catch (e) {
        rule.status.health = 'err';
        rule.status.lastError = (e as Error).message;
      }
    }
    for (const [key, labels] of this.seriesInPreviousEval[i]) {
      if (returned.has(key)) continue;
      try {
        app.append(0, labels, ts - this.queryOffset, STALE_NAN);
      } catch {
        // A rejected stale marker is expected when another rule now writes the series.
      }
    }
    try {
      await app.commit();
      this.seriesInPreviousEval[i] = returned;
    } catch (e) {
      rule.status.health = 'err';
      rule.status.lastError = (e as Error).message;
    }
  }

  /** markStale writes stale markers for every series the group last wrote (when the group is removed). */
  async markStale(ts: number, env: GroupEnv): Promise<void> {
    await this.appendStale([...this.staleSeries, ...this.seriesInPreviousEval.flatMap((m) => [...m.values()])], ts, env);
  }

  private async appendStale(series: readonly Labels[], ts: number, env: GroupEnv): Promise<void> {
    const app = env.appendable.appender();
    for (const labels of series) {
      try {
        app.append(0, labels, ts - this.queryOffset, STALE_NAN);
      } catch {
        // A rejected stale marker is expected when another rule now writes the series.
      }
    }
    await app.commit();
  }
}

/** generatorURL links an alert to its expression in the query page, as Prometheus's table link. */
export function generatorURL(externalURL: string, expr: string): string {
  return `${externalURL}/graph?g0.expr=${queryEscape(expr)}&g0.tab=1`;
}

function ruleIdentity(r: Rule): string {
  return r.name + JSON.stringify(Object.entries(r.labels).sort());
}
