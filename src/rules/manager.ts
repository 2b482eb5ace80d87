/**
 * RuleManager: runs rule groups on an injected clock, each at its own interval and slot, and answers the rules
 * and alerts API. Its alerts' `for` state can be exported as JSON and imported after a reload.
 */
import { labelsFromObject, labelsKey, type LabelsObject } from '../model/labels';
import type { Appendable } from '../model/storage';
import { AlertingRule, type RestoredAlert } from './alerting';
import { alertDiscovery, ruleDiscovery, type AlertDiscovery, type RuleDiscovery } from './api';
import { Group, type GroupEnv } from './group';
import type { RuleGroupConfig } from './rulefmt';
import { REAL_CLOCK, type Clock, type NotifyFunc, type QueryFunc } from './types';

/** RuleManagerOptions configures a RuleManager; durations in ms, defaults as Prometheus's. */
export interface RuleManagerOptions {
  readonly query: QueryFunc;
  readonly appendable: Appendable;
  readonly clock?: Clock;
  /** evaluationInterval is the default group interval (global.evaluation_interval, 1m). */
  readonly evaluationInterval?: number;
  /** queryOffset is the default rule_query_offset (0). */
  readonly queryOffset?: number;
  readonly externalLabels?: Readonly<Record<string, string>>;
  readonly externalURL?: string;
  readonly notify?: NotifyFunc;
  /** resendDelay is --rules.alert.resend-delay (1m). */
  readonly resendDelay?: number;
  /** forGracePeriod is --rules.alert.for-grace-period (10m). */
  readonly forGracePeriod?: number;
  /** outageTolerance is --rules.alert.for-outage-tolerance (1h). */
  readonly outageTolerance?: number;
}

/** SavedAlert is one pending or firing alert in an exported snapshot. */
export interface SavedAlert {
  readonly group: string;
  readonly rule: string;
  readonly labels: LabelsObject;
  readonly activeAt: number;
}

/** AlertStateSnapshot is the JSON the owner persists across reloads. */
export interface AlertStateSnapshot {
  readonly version: 1;
  readonly savedAt: number;
  readonly alerts: readonly SavedAlert[];
}

interface Running {
  group: Group;
  timer: unknown;
  abort: AbortController;
  busy: Promise<void> | null;
}

/** RuleManager owns the groups and their timers. */
export class RuleManager {
  private readonly env: GroupEnv;
  private readonly groups = new Map<string, Running>();
  private readonly interval: number;
  private readonly queryOffset: number;
  private started = false;
  private restore: AlertStateSnapshot | null = null;

  constructor(opts: RuleManagerOptions) {
    this.interval = opts.evaluationInterval ?? 60_000;
    this.queryOffset = opts.queryOffset ?? 0;
    this.env = {
      query: opts.query,
      appendable: opts.appendable,
      clock: opts.clock ?? REAL_CLOCK,
      externalLabels: opts.externalLabels ?? {},
      externalURL: opts.externalURL ?? '',
      notify: opts.notify,
      resendDelay: opts.resendDelay ?? 60_000,
      forGracePeriod: opts.forGracePeriod ?? 600_000,
      outageTolerance: opts.outageTolerance ?? 3_600_000,
    };
  }

  /**
   * update replaces the groups: an unchanged group is kept as it is, a changed one takes over its old version's
   * alerts by rule name and labels, and a removed group's series are marked stale.
   */
  async update(configs: readonly RuleGroupConfig[]): Promise<void> {
    const next = new Map<string, Running>();
    for (const cfg of configs) {
      let g = new Group(cfg, cfg.interval || this.interval, cfg.queryOffset ?? this.queryOffset);
      const old = this.groups.get(g.key);
      if (old) {
        this.stopGroup(old);
        await old.busy;
        if (sameGroup(old.group, g)) g = old.group;
        else g.copyState(old.group);
      } else if (this.restore) g.setRestore(restoreMap(this.restore, g.key));
      next.set(g.key, { group: g, timer: null, abort: new AbortController(), busy: null });
    }
    for (const [key, old] of this.groups) {
      if (next.has(key)) continue;
      this.stopGroup(old);
      await old.busy;
      await old.group.markStale(this.env.clock.now(), this.env);
    }
    this.groups.clear();
    for (const [k, r] of next) this.groups.set(k, r);
    if (this.started) for (const r of this.groups.values()) this.schedule(r, this.firstSlot(r.group));
  }

  /** start begins evaluating: each group first runs at its next slot after now. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const r of this.groups.values()) this.schedule(r, this.firstSlot(r.group));
  }

  /** stop cancels timers and in-flight evaluations. */
  async stop(): Promise<void> {
    this.started = false;
    for (const r of this.groups.values()) this.stopGroup(r);
    await Promise.all([...this.groups.values()].map((r) => r.busy));
  }

  /** groupList returns the groups in configuration order. */
  groupList(): Group[] {
    return [...this.groups.values()].map((r) => r.group);
  }

  /** evaluateAll runs every group once at the given slot time (for tools and tests; start() schedules normally). */
  async evaluateAll(ts: number): Promise<void> {
    for (const r of this.groups.values()) await r.group.eval(ts, this.env);
  }

  /** rules returns `/api/v1/rules` data. */
  rules(type?: 'alert' | 'record'): RuleDiscovery {
    return ruleDiscovery(this.groupList(), type);
  }

  /** alerts returns `/api/v1/alerts` data. */
  alerts(): AlertDiscovery {
    return alertDiscovery(this.groupList());
  }

  /** exportState returns the pending and firing alerts' activeAt as plain JSON. */
  exportState(): AlertStateSnapshot {
    const alerts: SavedAlert[] = [];
    for (const g of this.groupList()) {
      for (const r of g.rules) {
        if (!(r instanceof AlertingRule)) continue;
        for (const a of r.active.values()) {
          if (a.state === 'inactive') continue;
          const labels: LabelsObject = {};
          for (let i = 0; i < a.labels.length; i += 2) labels[a.labels[i]] = a.labels[i + 1];
          alerts.push({ group: g.key, rule: r.name, labels, activeAt: a.activeAt });
        }
      }
    }
    return { version: 1, savedAt: this.env.clock.now(), alerts };
  }

  /**
   * importState remembers a snapshot (untrusted JSON: malformed entries are skipped); each group applies it to
   * alerts that are active at its next evaluation.
   */
  importState(snapshot: AlertStateSnapshot): void {
    if (snapshot?.version !== 1 || !Array.isArray(snapshot.alerts) || !Number.isFinite(snapshot.savedAt)) {
      throw new Error('unsupported alert state snapshot');
    }
    this.restore = snapshot;
    for (const r of this.groups.values()) r.group.setRestore(restoreMap(snapshot, r.group.key));
  }

  private firstSlot(g: Group): number {
    return g.evalTimestamp(this.env.clock.now()) + g.interval;
  }

  private schedule(r: Running, ts: number): void {
    const delay = Math.max(0, ts - this.env.clock.now());
    r.timer = this.env.clock.setTimeout(() => {
      r.timer = null;
      r.busy = this.tick(r, ts).finally(() => {
        r.busy = null;
      });
    }, delay);
  }

  private async tick(r: Running, slot: number): Promise<void> {
    const now = this.env.clock.now();
    const missed = Math.max(0, Math.floor((now - slot) / r.group.interval));
    const ts = slot + missed * r.group.interval;
    await r.group.eval(ts, this.env, r.abort.signal);
    if (!r.abort.signal.aborted && this.groups.get(r.group.key) === r) this.schedule(r, ts + r.group.interval);
  }

  private stopGroup(r: Running): void {
    if (r.timer !== null) this.env.clock.clearTimeout(r.timer);
    r.timer = null;
    r.abort.abort();
  }
}

function isSavedAlert(a: unknown): a is SavedAlert {
  if (!a || typeof a !== 'object') return false;
  const o = a as Record<string, unknown>;
  const labels = o.labels as Record<string, unknown> | null;
  return (
    typeof o.group === 'string' &&
    typeof o.rule === 'string' &&
    Number.isFinite(o.activeAt) &&
    !!labels &&
    typeof labels === 'object' &&
    Object.values(labels).every((v) => typeof v === 'string')
  );
}

function sameGroup(a: Group, b: Group): boolean {
  return a.interval === b.interval && a.queryOffset === b.queryOffset && JSON.stringify(a.config) === JSON.stringify(b.config);
}

function restoreMap(s: AlertStateSnapshot, key: string): Map<string, RestoredAlert> {
  const m = new Map<string, RestoredAlert>();
  for (const a of s.alerts) {
    if (!isSavedAlert(a) || a.group !== key) continue;
    m.set(`${a.rule}\u0000${labelsKey(labelsFromObject(a.labels))}`, { activeAt: a.activeAt, savedAt: s.savedAt });
  }
  return m;
}
