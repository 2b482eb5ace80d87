/**
 * Notifier: the part of Alertmanager that fits a tab. Alerts from the rule manager are grouped by `group_by`
 * labels; each group notifies after `group_wait`, then at most every `group_interval` when its firing or
 * resolved set changed, and again every `repeat_interval` while firing. Silenced alerts are left out.
 */
import { labelsFromObject, labelsKey, type LabelsObject } from '../model/labels';
import { Silences } from './silences';
import type { Clock, NotifierAlert } from './types';

/** NotifiedAlert is one alert in a notification. */
export interface NotifiedAlert extends NotifierAlert {
  readonly status: 'firing' | 'resolved';
  readonly fingerprint: string;
}

/** Notification is what the UI turns into a browser notification and an entry in its list. */
export interface Notification {
  readonly groupKey: string;
  readonly groupLabels: LabelsObject;
  readonly alerts: readonly NotifiedAlert[];
  readonly status: 'firing' | 'resolved';
}

/** NotifierOptions configures grouping and timing (ms), with Alertmanager's defaults. */
export interface NotifierOptions {
  readonly clock: Clock;
  readonly onNotify: (n: Notification) => void;
  /** groupBy lists the grouping labels; ['...'] groups by all labels. Default ['alertname']. */
  readonly groupBy?: readonly string[];
  readonly groupWait?: number;
  readonly groupInterval?: number;
  readonly repeatInterval?: number;
  readonly sendResolved?: boolean;
}

/** AlertStatus is an alert's state in the notifier, as Alertmanager's API reports it. */
export interface AlertStatus {
  readonly alert: NotifierAlert;
  readonly state: 'active' | 'suppressed';
  readonly silencedBy: readonly string[];
}

interface Group {
  key: string;
  labels: LabelsObject;
  alerts: Map<string, NotifierAlert>;
  timer: unknown;
  flushed: boolean;
  last: { firing: Set<string>; resolved: Set<string>; at: number } | null;
}

/** Notifier groups alerts and emits notifications on the injected clock. */
export class Notifier {
  /** silences mute matching alerts. */
  readonly silences: Silences;
  private readonly groups = new Map<string, Group>();
  private readonly groupBy: readonly string[];
  private readonly groupWait: number;
  private readonly groupInterval: number;
  private readonly repeatInterval: number;
  private readonly sendResolved: boolean;

  constructor(private readonly opts: NotifierOptions) {
    this.silences = new Silences(() => opts.clock.now());
    this.groupBy = opts.groupBy ?? ['alertname'];
    this.groupWait = opts.groupWait ?? 30_000;
    this.groupInterval = opts.groupInterval ?? 300_000;
    this.repeatInterval = opts.repeatInterval ?? 4 * 3_600_000;
    this.sendResolved = opts.sendResolved ?? true;
  }

  /** push receives alerts (the rule manager's NotifyFunc can call it directly). */
  push(alerts: readonly NotifierAlert[]): void {
    const now = this.opts.clock.now();
    for (const a of alerts) {
      const labels = labelsFromObject(a.labels);
      const fp = labelsKey(labels);
      const groupLabels = this.groupLabels(a.labels);
      const key = groupKeyOf(groupLabels);
      let g = this.groups.get(key);
      if (!g) {
        g = { key, labels: groupLabels, alerts: new Map(), timer: null, flushed: false, last: null };
        this.groups.set(key, g);
        this.schedule(g, this.groupWait);
      }
      g.alerts.set(fp, a);
      if (!g.flushed && a.startsAt + this.groupWait < now) this.schedule(g, 0);
    }
  }

  /** alerts lists the alerts held, each with whether a silence suppresses it. */
  alerts(): AlertStatus[] {
    const out: AlertStatus[] = [];
    for (const g of this.groups.values()) {
      for (const a of g.alerts.values()) {
        const silencedBy = this.silences.mutedBy(labelsFromObject(a.labels));
        out.push({ alert: a, state: silencedBy.length ? 'suppressed' : 'active', silencedBy });
      }
    }
    return out;
  }

  /** stop cancels all group timers. */
  stop(): void {
    for (const g of this.groups.values()) if (g.timer !== null) this.opts.clock.clearTimeout(g.timer);
    this.groups.clear();
  }

  private groupLabels(labels: LabelsObject): LabelsObject {
    if (this.groupBy.includes('...')) return { ...labels };
    const out: LabelsObject = {};
    for (const n of this.groupBy) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n];
    return out;
  }

  private schedule(g: Group, delay: number): void {
    if (g.timer !== null) this.opts.clock.clearTimeout(g.timer);
    g.timer = this.opts.clock.setTimeout(() => {
      g.timer = null;
      this.flush(g);
    }, delay);
  }

  private flush(g: Group): void {
    const now = this.opts.clock.now();
    g.flushed = true;
    const firing: [string, NotifierAlert][] = [];
    const resolved: [string, NotifierAlert][] = [];
    for (const [fp, a] of g.alerts) {
      if (this.silences.mutedBy(labelsFromObject(a.labels)).length > 0) continue;
      (a.endsAt > now ? firing : resolved).push([fp, a]);
    }
    if (this.needsUpdate(g, firing, resolved, now)) {
      const alerts: NotifiedAlert[] = [
        ...firing.map(([fp, a]) => ({ ...a, status: 'firing' as const, fingerprint: fp })),
        ...(this.sendResolved ? resolved.map(([fp, a]) => ({ ...a, status: 'resolved' as const, fingerprint: fp })) : []),
      ];
      this.opts.onNotify({ groupKey: g.key, groupLabels: { ...g.labels }, alerts, status: firing.length ? 'firing' : 'resolved' });
      g.last = { firing: new Set(firing.map(([fp]) => fp)), resolved: new Set(resolved.map(([fp]) => fp)), at: now };
    }
    for (const [fp, a] of g.alerts) if (a.endsAt <= now) g.alerts.delete(fp);
    if (g.alerts.size === 0) {
      this.groups.delete(g.key);
      return;
    }
    this.schedule(g, this.groupInterval);
  }

  private needsUpdate(g: Group, firing: [string, NotifierAlert][], resolved: [string, NotifierAlert][], now: number): boolean {
    const last = g.last;
    if (!last) return firing.length > 0;
    if (firing.some(([fp]) => !last.firing.has(fp))) return true;
    if (firing.length === 0) return last.firing.size > 0;
    if (this.sendResolved && resolved.some(([fp]) => !last.resolved.has(fp))) return true;
    return last.at <= now - this.repeatInterval;
  }
}

/** groupKeyOf writes a group's key as Alertmanager does for the root route: `{}:{alertname="X"}`. */
export function groupKeyOf(groupLabels: LabelsObject): string {
  const parts = Object.keys(groupLabels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(groupLabels[k])}`);
  return `{}:{${parts.join(', ')}}`;
}
