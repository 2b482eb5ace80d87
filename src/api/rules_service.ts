/**
 * RulesService runs recording and alerting rules in the storage worker (the one writer): a RuleManager evaluates
 * with the PromQL engine over the head and appends through it, a Notifier groups alerts into notifications that
 * every tab polls, and rule files, silences and the alerts' `for` state live in the ConfigStore across reloads.
 */
import { labelsFromObject } from '../model/labels';
import { Engine } from '../promql/engine/engine';
import {
  Notifier,
  REAL_CLOCK,
  RuleManager,
  parseRuleFile,
  queryFuncOf,
  silenceState,
  type AlertStateSnapshot,
  type ApiAlert,
  type Clock,
  type Notification,
  type NotifierAlert,
  type RuleGroupConfig,
  type Silence,
  type SilenceInput,
} from '../rules';
import type { Parts } from './server';
import type {
  AlertmanagerStatus,
  AlertsData,
  ApiResponse,
  NotificationEntry,
  RuleFile,
  RulesApi,
  RulesData,
  SetRuleFileResult,
  SilencedAlert,
  SilenceView,
} from './types';

/** RulesParts is what the service needs of the storage worker's parts. */
export type RulesParts = Pick<Parts, 'head' | 'config' | 'isLeader'> & { readonly remote?: Pick<Parts['remote'], 'appendable'> };

/** RulesServiceOptions tune the service; times in ms. The defaults suit a tab: quick notifications, restored `for`. */
export interface RulesServiceOptions {
  readonly clock?: Clock;
  /** evaluationInterval is the interval of groups that set none (Prometheus's global default, 1m). */
  readonly evaluationInterval?: number;
  readonly groupWait?: number;
  readonly groupInterval?: number;
  readonly repeatInterval?: number;
  /** forGracePeriod is 0 so a reload keeps every alert's activeAt (Prometheus waits 10m after a restart). */
  readonly forGracePeriod?: number;
  /** leaderCheck is how often the service checks whether this worker is still the writer. */
  readonly leaderCheck?: number;
  /** fetch sends alerts to an Alertmanager (default: the platform's). */
  readonly fetch?: typeof fetch;
}

/** SavedRulesState is the 'alertState' record: the alerts' `for` state and the kept notifications. */
export type SavedRulesState = AlertStateSnapshot & { notifications?: NotificationEntry[]; alertmanager?: string };

/** NOTIFICATIONS_KEPT bounds the notification list that tabs poll. */
export const NOTIFICATIONS_KEPT = 200;

const GROUP_WAIT = 2_000;
const GROUP_INTERVAL = 10_000;
const REPEAT_INTERVAL = 4 * 3_600_000;
const LEADER_CHECK = 1_000;

function ok<T>(data: T): ApiResponse<T> {
  return { status: 'success', data };
}

function bad<T>(e: unknown, data?: T): ApiResponse<T> {
  const out: ApiResponse<T> = { status: 'error', errorType: 'bad_data', error: (e as Error)?.message ?? String(e) };
  if (data !== undefined) out.data = data;
  return out;
}

function parseAll(files: readonly RuleFile[]): RuleGroupConfig[] {
  return files.flatMap((f) => parseRuleFile(f.content, { file: f.name }).groups);
}

/** RulesService implements RulesApi over the storage worker's parts. */
export class RulesService implements RulesApi {
  private readonly clock: Clock;
  private readonly manager: Promise<RuleManager>;
  private readonly notifier: Notifier;
  private readonly leaderCheck: number;
  private files: RuleFile[] = [];
  private readonly sent: NotificationEntry[] = [];
  private readonly notified = new Map<string, Set<string>>();
  private readonly am: AlertmanagerStatus = { url: '', sent: 0, lastSent: 0, lastError: '' };
  private readonly fetch: typeof fetch;
  private nextId = 1;
  private saveTimer: unknown = null;
  private watchTimer: unknown = null;
  private running = false;
  private loaded = false;
  private closed = false;
  private chain: Promise<unknown>;

  constructor(
    private readonly parts: Promise<RulesParts>,
    opts: RulesServiceOptions = {},
  ) {
    this.clock = opts.clock ?? REAL_CLOCK;
    this.leaderCheck = opts.leaderCheck ?? LEADER_CHECK;
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.notifier = new Notifier({
      clock: this.clock,
      onNotify: (n) => this.record(n),
      groupWait: opts.groupWait ?? GROUP_WAIT,
      groupInterval: opts.groupInterval ?? GROUP_INTERVAL,
      repeatInterval: opts.repeatInterval ?? REPEAT_INTERVAL,
    });
    const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
    this.manager = parts.then((p) => {
      const engine = new Engine();
      return new RuleManager({
        query: queryFuncOf((expr, t, signal) => engine.instantQuery(p.head, expr, t, signal)),
        // Rule outputs go where scraped samples go: the head, and the remote-write queues.
        appendable: p.remote ? p.remote.appendable(p.head) : p.head,
        clock: this.clock,
        evaluationInterval: opts.evaluationInterval,
        forGracePeriod: opts.forGracePeriod ?? 0,
        externalURL: origin ? `${origin}/#` : '',
        notify: (_expr, alerts) => {
          this.notifier.push(alerts);
          if (this.am.url && alerts.length > 0) void this.send(alerts);
          this.scheduleSave();
        },
      });
    });
    this.chain = this.watch();
  }

  /** close stops evaluation, notification timers and the leader check (the worker is going away, or a test ends). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watchTimer !== null) this.clock.clearTimeout(this.watchTimer);
    if (this.saveTimer !== null) this.clock.clearTimeout(this.saveTimer);
    this.watchTimer = this.saveTimer = null;
    await this.serial(async () => {
      await (await this.manager).stop();
      this.running = false;
      this.notifier.stop();
    });
  }

  async rules(type?: 'alert' | 'record'): Promise<ApiResponse<RulesData>> {
    await this.chain;
    const d = (await this.manager).rules(type);
    for (const g of d.groups) {
      for (const r of g.rules) if (r.type === 'alerting') r.alerts = r.alerts.map((a) => this.silenced(a));
    }
    return ok(d as RulesData);
  }

  async alerts(): Promise<ApiResponse<AlertsData>> {
    await this.chain;
    return ok({ alerts: (await this.manager).alerts().alerts.map((a) => this.silenced(a)) });
  }

  async ruleFiles(): Promise<ApiResponse<RuleFile[]>> {
    await this.chain;
    return ok(this.files.map((f) => ({ ...f })));
  }

  async setRuleFile(name: string, yaml: string): Promise<ApiResponse<SetRuleFileResult>> {
    const file = name.trim();
    if (file === '') return bad(new Error('a rule file needs a name'));
    const { groups, errors } = parseRuleFile(yaml, { file });
    if (errors.length > 0) {
      return bad(new Error(errors.map((e) => e.message).join('\n')), { groups: 0, errors: errors.map((e) => ({ ...e })) });
    }
    return this.serial(async () => {
      const files = [...this.files.filter((f) => f.name !== file), { name: file, content: yaml }].sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      await this.apply(files);
      return ok({ groups: groups.length, errors: [] });
    });
  }

  async deleteRuleFile(name: string): Promise<ApiResponse<null>> {
    return this.serial(async () => {
      if (!this.files.some((f) => f.name === name)) return bad(new Error(`no rule file named ${name}`));
      await this.apply(this.files.filter((f) => f.name !== name));
      return ok(null);
    });
  }

  async silences(): Promise<ApiResponse<SilenceView[]>> {
    await this.chain;
    const now = this.clock.now();
    return ok(
      this.notifier.silences.list().map((s) => ({
        ...s,
        matchers: s.matchers.map((m) => ({ ...m })),
        status: { state: silenceState(s, now) },
      })),
    );
  }

  async addSilence(input: SilenceInput): Promise<ApiResponse<{ silenceID: string }>> {
    return this.serial(async () => {
      try {
        const id = this.notifier.silences.create(input);
        await this.saveSilences();
        return ok({ silenceID: id });
      } catch (e) {
        return bad(e);
      }
    });
  }

  async expireSilence(id: string): Promise<ApiResponse<null>> {
    return this.serial(async () => {
      try {
        this.notifier.silences.expire(id);
        await this.saveSilences();
        return ok(null);
      } catch (e) {
        return bad(e);
      }
    });
  }

  async notifications(sinceId = 0): Promise<ApiResponse<NotificationEntry[]>> {
    await this.chain;
    return ok(this.sent.filter((n) => n.id > sinceId));
  }

  async alertmanager(): Promise<ApiResponse<AlertmanagerStatus>> {
    await this.chain;
    return ok({ ...this.am });
  }

  async setAlertmanager(url: string): Promise<ApiResponse<null>> {
    const u = url.trim().replace(/\/+$/, '');
    if (u !== '') {
      let parsed: URL;
      try {
        parsed = new URL(u);
      } catch {
        return bad(new Error(`"${u}" is not a URL`));
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return bad(new Error('the Alertmanager URL must be http or https'));
    }
    return this.serial(async () => {
      Object.assign(this.am, { url: u, sent: 0, lastSent: 0, lastError: '' });
      const { config } = await this.parts;
      const saved = (await config.get<SavedRulesState>('alertState')) ?? { version: 1, savedAt: this.clock.now(), alerts: [] };
      await config.put('alertState', { ...saved, alertmanager: u });
      return ok(null);
    });
  }

  /** send posts alerts to the Alertmanager's v2 API as Prometheus's notifier does (the Alertmanager must allow CORS). */
  private async send(alerts: readonly NotifierAlert[]): Promise<void> {
    const url = this.am.url;
    const body = alerts.map((a) => ({
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: new Date(a.endsAt).toISOString(),
      generatorURL: a.generatorURL,
    }));
    try {
      const r = await this.fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`HTTP ${r.status} ${r.statusText}`.trim());
      if (this.am.url !== url) return;
      this.am.sent += alerts.length;
      this.am.lastSent = this.clock.now();
      this.am.lastError = '';
    } catch (e) {
      if (this.am.url !== url) return;
      const msg = (e as Error).message;
      this.am.lastError = e instanceof TypeError ? `${msg} (is the Alertmanager up, and does it allow CORS from this origin?)` : msg;
    }
  }

  private silenced<T extends ApiAlert>(a: T): SilencedAlert {
    const by = this.notifier.silences.mutedBy(labelsFromObject(a.labels));
    return by.length ? { ...a, silencedBy: by } : { ...a };
  }

  /** record keeps a notification, but not a group's first one after a load that repeats what it last sent. */
  private record(n: Notification): void {
    if (n.alerts.length === 0) return;
    const before = this.notified.get(n.groupKey);
    this.notified.delete(n.groupKey);
    if (before && n.status === 'firing' && sameSet(before, firingOf(n))) return;
    this.sent.push({ ...n, id: this.nextId++, time: this.clock.now() });
    if (this.sent.length > NOTIFICATIONS_KEPT) this.sent.splice(0, this.sent.length - NOTIFICATIONS_KEPT);
    this.scheduleSave();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async apply(files: RuleFile[]): Promise<void> {
    const { config } = await this.parts;
    await (await this.manager).update(parseAll(files));
    this.files = files;
    await config.put('ruleFiles', files);
  }

  /** load reads rule files, silences and the saved `for` state; a file saved by an older version that no longer parses is skipped. */
  private async load(): Promise<void> {
    const { config } = await this.parts;
    const [files, silences, state] = await Promise.all([
      config.get<RuleFile[]>('ruleFiles'),
      config.get<Silence[]>('silences'),
      config.get<SavedRulesState>('alertState'),
    ]);
    this.notifier.silences.load(silences ?? []);
    const m = await this.manager;
    if (state?.version === 1) {
      m.importState(state);
      this.restoreNotifications(state.notifications ?? []);
    }
    this.am.url = state?.alertmanager ?? '';
    this.files = files ?? [];
    await m.update(parseAll(this.files));
  }

  /** restoreNotifications brings back the kept list and remembers each group's last firing set, so a reload does not repeat it. */
  private restoreNotifications(saved: NotificationEntry[]): void {
    if (this.sent.length > 0) return;
    this.sent.push(...saved.slice(-NOTIFICATIONS_KEPT));
    this.nextId = Math.max(this.nextId, ...saved.map((n) => n.id + 1));
    for (const n of this.sent) {
      if (n.status === 'firing') this.notified.set(n.groupKey, firingOf(n));
      else this.notified.delete(n.groupKey);
    }
  }

  /** watch starts evaluating while this worker is the writer and stops when it is not, reloading on each start. */
  private async watch(): Promise<void> {
    if (this.closed) return;
    const [p, m] = await Promise.all([this.parts, this.manager]);
    const leader = p.isLeader();
    if (!this.loaded || (leader && !this.running)) await this.load();
    this.loaded = true;
    if (leader && !this.running) {
      m.start();
      this.running = true;
    } else if (!leader && this.running) {
      await m.stop();
      this.running = false;
    }
    if (!this.closed) {
      this.watchTimer = this.clock.setTimeout(() => {
        this.watchTimer = null;
        void this.serial(() => this.watch());
      }, this.leaderCheck);
    }
  }

  private scheduleSave(): void {
    if (this.saveTimer !== null) return;
    this.saveTimer = this.clock.setTimeout(() => {
      this.saveTimer = null;
      void this.saveState();
    }, 0);
  }

  /** saveState persists the alerts' `for` state once every group has run since the load (until then the saved one stands). */
  private async saveState(): Promise<void> {
    const m = await this.manager;
    if (m.groupList().some((g) => g.lastEvaluation === 0)) return;
    const { config } = await this.parts;
    const state: SavedRulesState = { ...m.exportState(), notifications: this.sent, alertmanager: this.am.url };
    await config.put('alertState', state);
  }

  private async saveSilences(): Promise<void> {
    const { config } = await this.parts;
    await config.put('silences', this.notifier.silences.list());
  }
}

function firingOf(n: Notification): Set<string> {
  return new Set(n.alerts.filter((a) => a.status === 'firing').map((a) => a.fingerprint));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
