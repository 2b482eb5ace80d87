/**
 * The dashboard import flow of the Dashboards view: the form (file or pasted JSON), the question asked when a
 * dashboard with the same uid exists (replace it, import as a copy, or cancel), and each dashboard's import warnings,
 * kept in this browser's localStorage by the dashboard's uid until dismissed, so they show on that dashboard only.
 */
import { newDashboard, readDashboardText, type Dashboard, type ImportResult } from '../../dashboards';

/** IMPORT_WARNINGS_KEY is the localStorage key of the warnings of every imported dashboard, by uid. */
export const IMPORT_WARNINGS_KEY = 'promtab.importWarnings';

/** MAX_KEPT_WARNINGS bounds the warnings kept for one dashboard (the rest are counted in a last line). */
export const MAX_KEPT_WARNINGS = 500;

/** ImportEnv is what the import flow needs from outside: storage for warnings, the dashboard store, navigation. */
export interface ImportEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  dashboards: {
    get(uid: string): Promise<Dashboard | null>;
    save(d: Dashboard): Promise<{ status: 'success' } | { status: 'error'; error: string }>;
  };
  /** opened is called with the uid of a dashboard just imported. */
  opened(uid: string): void;
}

/** ImportConflict is an import waiting for the user: a dashboard with its uid exists already. */
export interface ImportConflict {
  result: ImportResult;
  existingTitle: string;
}

/** loadWarnings reads the stored warnings by uid (stored as a list of [uid, warnings]); anything unreadable is none. */
export function loadWarnings(storage: Pick<Storage, 'getItem'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  try {
    const v: unknown = JSON.parse(storage.getItem(IMPORT_WARNINGS_KEY) ?? '[]');
    if (!Array.isArray(v)) return out;
    for (const entry of v) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) continue;
      out.set(entry[0], (entry[1] as unknown[]).filter((w): w is string => typeof w === 'string'));
    }
  } catch {
    // Unreadable stored warnings are dropped.
  }
  return out;
}

/** keptWarnings caps a warning list at MAX_KEPT_WARNINGS, the last line saying how many more there were. */
export function keptWarnings(list: string[]): string[] {
  if (list.length <= MAX_KEPT_WARNINGS) return list;
  return [...list.slice(0, MAX_KEPT_WARNINGS - 1), `… and ${list.length - MAX_KEPT_WARNINGS + 1} more warnings`];
}

/** copyOf is a dashboard imported as a copy: a new uid and " (copy)" after its title. */
export function copyOf(d: Dashboard): Dashboard {
  return { ...d, uid: newDashboard().uid, title: `${d.title} (copy)` };
}

/** DashboardImport is the state of the import form, its replace question and the warnings of imported dashboards. */
export class DashboardImport {
  /** text is the dashboard JSON in the form. */
  text = $state('');
  /** open shows the import form. */
  open = $state(false);
  /** error says why the last import was refused. */
  error = $state('');
  /** conflict, when set, asks whether to replace the dashboard of the same uid (raw: it is posted to the worker). */
  conflict = $state.raw<ImportConflict | null>(null);
  #warnings = $state.raw<Map<string, string[]>>(new Map());
  #env: ImportEnv;

  constructor(env: ImportEnv) {
    this.#env = env;
    this.#warnings = loadWarnings(env.storage);
  }

  /** warningsFor lists the import warnings of one dashboard ([] when there are none or they were dismissed). */
  warningsFor(uid: string): string[] {
    return this.#warnings.get(uid) ?? [];
  }

  /** dismiss forgets a dashboard's import warnings (also when the dashboard is deleted). */
  dismiss(uid: string): void {
    if (!this.#warnings.has(uid)) return;
    const next = new Map(this.#warnings);
    next.delete(uid);
    this.#setWarnings(next);
  }

  /** submit reads the form's JSON; a new uid is saved at once, an existing one waits in `conflict`. */
  async submit(): Promise<void> {
    this.error = '';
    let result: ImportResult;
    try {
      result = readDashboardText(this.text);
    } catch (e) {
      this.error = (e as Error).message;
      return;
    }
    const existing = await this.#env.dashboards.get(result.dashboard.uid);
    if (existing) this.conflict = { result, existingTitle: existing.title };
    else await this.#save(result.dashboard, result.warnings);
  }

  /** replace saves the waiting import over the dashboard of the same uid. */
  async replace(): Promise<void> {
    const c = this.#take();
    if (c) await this.#save(c.result.dashboard, c.result.warnings);
  }

  /** importAsCopy saves the waiting import under a new uid, titled "… (copy)". */
  async importAsCopy(): Promise<void> {
    const c = this.#take();
    if (c) await this.#save(copyOf(c.result.dashboard), c.result.warnings);
  }

  /** cancel drops the waiting import; the form keeps its text. */
  cancel(): void {
    this.conflict = null;
  }

  #take(): ImportConflict | null {
    const c = this.conflict;
    this.conflict = null;
    return c;
  }

  async #save(d: Dashboard, warnings: string[]): Promise<void> {
    let r: Awaited<ReturnType<ImportEnv['dashboards']['save']>>;
    try {
      r = await this.#env.dashboards.save(d);
    } catch (e) {
      r = { status: 'error', error: (e as Error).message };
    }
    if (r.status === 'error') {
      this.error = `the dashboard could not be saved: ${r.error}`;
      return;
    }
    const next = new Map(this.#warnings);
    if (warnings.length) next.set(d.uid, keptWarnings(warnings));
    else next.delete(d.uid);
    this.#setWarnings(next);
    this.text = '';
    this.open = false;
    this.#env.opened(d.uid);
  }

  #setWarnings(next: Map<string, string[]>): void {
    this.#warnings = next;
    try {
      this.#env.storage.setItem(IMPORT_WARNINGS_KEY, JSON.stringify([...next]));
    } catch {
      // A full or unavailable localStorage only costs remembering the warnings across reloads.
    }
  }
}
