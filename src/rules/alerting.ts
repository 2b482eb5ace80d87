/**
 * AlertingRule: the inactive → pending → firing → resolved state machine of Prometheus's rules/alerting.go, with
 * `for`, `keep_firing_for`, templated labels and annotations, ALERTS and ALERTS_FOR_STATE samples, the group
 * limit, and restoring `for` state from a saved snapshot.
 */
import { labelsFromObject, labelsKey, LabelsBuilder, labelsToObject, METRIC_NAME, type Labels } from '../model/labels';
import { RuleStatus, type RuleSample } from './recording';
import type { AlertingRuleConfig } from './rulefmt';
import { expandTemplate, QuerySample, type FuncEnv } from './template';
import type { AlertState, NotifierAlert, QueryFunc } from './types';

/** RESOLVED_RETENTION is how long a resolved alert is kept (and re-sent) after it resolved. */
export const RESOLVED_RETENTION = 15 * 60_000;

/** Alert is one alert instance of a rule; times in ms, 0 for unset. */
export interface Alert {
  labels: Labels;
  annotations: Labels;
  state: AlertState;
  value: number;
  activeAt: number;
  firedAt: number;
  resolvedAt: number;
  lastSentAt: number;
  validUntil: number;
  keepFiringSince: number;
}

/** RestoredAlert is a saved alert's `for` state: when it became active and when the state was saved. */
export interface RestoredAlert {
  readonly activeAt: number;
  readonly savedAt: number;
}

/** AlertEvalOptions carries the evaluation's environment. */
export interface AlertEvalOptions {
  readonly query: QueryFunc;
  readonly queryOffset: number;
  readonly limit: number;
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  readonly signal?: AbortSignal;
  /** restore looks up saved state for a new alert's labels (undefined when none). */
  readonly restore?: (labels: Labels) => RestoredAlert | undefined;
  readonly forGracePeriod: number;
}

/** AlertingRule is one `alert:` rule with its active alerts. */
export class AlertingRule {
  readonly status = new RuleStatus();
  /** active holds pending, firing and recently resolved alerts by label-set key. */
  readonly active = new Map<string, Alert>();
  private evaluated = false;

  constructor(
    readonly config: AlertingRuleConfig,
    readonly labels: Readonly<Record<string, string>>,
  ) {}

  /** name is the alert name. */
  get name(): string {
    return this.config.alert;
  }

  /** state is the highest state among the rule's alerts, or 'unknown' before the first evaluation. */
  get state(): AlertState | 'unknown' {
    if (!this.evaluated) return 'unknown';
    let s: AlertState = 'inactive';
    for (const a of this.active.values()) {
      if (a.state === 'firing') return 'firing';
      if (a.state === 'pending') s = 'pending';
    }
    return s;
  }

  private async expandAll(
    templates: Readonly<Record<string, string>>,
    labels: Record<string, string>,
    value: number,
    ts: number,
    o: AlertEvalOptions,
  ): Promise<[string, string][]> {
    const env: FuncEnv = {
      query: async (q) => (await o.query(q, ts, o.signal)).map((s) => new QuerySample(labelsToObject(s.labels), s.value)),
      timeMs: ts,
      externalURL: o.externalURL,
    };
    const ctx = { labels, externalLabels: o.externalLabels, externalURL: o.externalURL, value, env };
    const out: [string, string][] = [];
    for (const [k, text] of Object.entries(templates)) {
      out.push([k, await expandTemplate(`__alert_${this.name}`, text, ctx)]);
    }
    return out;
  }

  /** eval runs the rule at ts, updates its alerts, and returns the ALERTS and ALERTS_FOR_STATE samples. */
  async eval(ts: number, o: AlertEvalOptions): Promise<RuleSample[]> {
    const res = await o.query(this.config.expr, ts - o.queryOffset, o.signal);
    const fresh = new Map<string, Alert>();
    for (const s of res) {
      const sampleLabels = labelsToObject(s.labels);
      const b = new LabelsBuilder(s.labels).del(METRIC_NAME);
      for (const [k, v] of await this.expandAll(this.labels, sampleLabels, s.value, ts, o)) b.set(k, v);
      b.set('alertname', this.name);
      const labels = b.labels();
      const annotations = labelsFromObject(Object.fromEntries(await this.expandAll(this.config.annotations, sampleLabels, s.value, ts, o)));
      const key = labelsKey(labels);
      if (fresh.has(key)) throw new Error('vector contains metrics with the same labelset after applying alert labels');
      fresh.set(key, {
        labels,
        annotations,
        state: 'pending',
        value: s.value,
        activeAt: ts,
        firedAt: 0,
        resolvedAt: 0,
        lastSentAt: 0,
        validUntil: 0,
        keepFiringSince: 0,
      });
    }
    this.evaluated = true;
    for (const [key, a] of fresh) {
      const old = this.active.get(key);
      if (old && old.state !== 'inactive') {
        old.value = a.value;
        old.annotations = a.annotations;
        continue;
      }
      const saved = o.restore?.(a.labels);
      if (saved) a.activeAt = restoredActiveAt(saved, ts, this.config.for, o.forGracePeriod);
      this.active.set(key, a);
    }
    return this.transition(ts, fresh, o);
  }

  private transition(ts: number, fresh: Map<string, Alert>, o: AlertEvalOptions): RuleSample[] {
    const hold = this.config.for;
    const keepFor = this.config.keepFiringFor;
    const out: RuleSample[] = [];
    let activeCount = 0;
    for (const [key, a] of this.active) {
      if (!fresh.has(key)) {
        let keepFiring = false;
        if (a.state === 'firing' && keepFor > 0) {
          if (a.keepFiringSince === 0) a.keepFiringSince = ts;
          keepFiring = ts - a.keepFiringSince < keepFor;
        }
        if (a.state === 'pending' || (a.resolvedAt !== 0 && ts - a.resolvedAt > RESOLVED_RETENTION)) this.active.delete(key);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAt = ts;
        }
        if (!keepFiring) continue;
      } else a.keepFiringSince = 0;
      activeCount++;
      if (a.state === 'pending' && ts - a.activeAt >= hold) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      if (a.state === 'firing' && ts - a.activeAt < hold) {
        a.state = 'pending';
        a.firedAt = 0;
        a.lastSentAt = 0;
        a.keepFiringSince = 0;
      }
      const t = ts - o.queryOffset;
      out.push({ labels: this.seriesLabels(a, 'ALERTS', a.state), t, v: 1 });
      out.push({ labels: this.seriesLabels(a, 'ALERTS_FOR_STATE'), t, v: Math.floor(a.activeAt / 1000) });
    }
    if (o.limit > 0 && activeCount > o.limit) {
      this.active.clear();
      throw new Error(`exceeded limit of ${o.limit} with ${activeCount} alerts`);
    }
    return out;
  }

  private seriesLabels(a: Alert, metric: string, state?: AlertState): Labels {
    const b = new LabelsBuilder(labelsFromObject({ ...this.labels }));
    for (let i = 0; i < a.labels.length; i += 2) b.set(a.labels[i], a.labels[i + 1]);
    b.set(METRIC_NAME, metric).set('alertname', this.name);
    if (state) b.set('alertstate', state);
    return b.labels();
  }

  /** dueAlerts marks and returns the alerts to send now, as Prometheus's sendAlerts with its resend delay. */
  dueAlerts(ts: number, resendDelay: number, interval: number, generatorURL: string): NotifierAlert[] {
    const out: NotifierAlert[] = [];
    for (const a of this.active.values()) {
      if (a.state === 'pending') continue;
      const due = a.resolvedAt > a.lastSentAt || a.lastSentAt + resendDelay < ts;
      if (!due) continue;
      a.lastSentAt = ts;
      a.validUntil = ts + 4 * Math.max(interval, resendDelay);
      out.push({
        labels: labelsToObject(a.labels),
        annotations: labelsToObject(a.annotations),
        startsAt: a.firedAt || a.activeAt,
        endsAt: a.resolvedAt !== 0 ? a.resolvedAt : a.validUntil,
        generatorURL,
      });
    }
    return out;
  }
}

/**
 * restoredActiveAt shifts a saved activeAt as Prometheus's RestoreForState (rules whose `for` is shorter than the
 * grace period start afresh): an alert that had already waited out
 * `for` keeps it (and fires again at once), one close to firing waits the grace period, any other keeps its
 * progress but not the time spent down.
 */
export function restoredActiveAt(saved: RestoredAlert, ts: number, hold: number, grace: number): number {
  if (hold < grace) return ts;
  const remaining = hold - (saved.savedAt - saved.activeAt);
  if (remaining <= 0) return saved.activeAt;
  if (remaining < grace) return ts + grace - hold;
  return saved.activeAt + (ts - saved.savedAt);
}
