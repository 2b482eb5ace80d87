/**
 * DurableStorage asks the browser to keep Promtab's storage (`navigator.storage.persist()`), so that it is not
 * evicted under storage pressure. It asks at the right moments only: once after the user adds a first target (the
 * data is then worth keeping), and whenever the user presses the button in Status; never on first paint. The last
 * answer is remembered in localStorage, so Status can still say after a reload that the browser declined.
 */

/** PERSIST_ANSWER_KEY is the localStorage key of the last answer (`{ granted, at }`). */
export const PERSIST_ANSWER_KEY = 'promtab.persistAnswer';

/** PersistAnswer is what the browser said to a request, and when. */
export interface PersistAnswer {
  granted: boolean;
  at: string;
}

/** PersistEnv is what DurableStorage touches outside itself (the browser's by default; tests pass their own). */
export interface PersistEnv {
  /** manager is the browser's StorageManager (undefined where there is none). */
  manager: { persist?(): Promise<boolean>; persisted?(): Promise<boolean> } | undefined;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  now(): Date;
}

function browserEnv(): PersistEnv {
  let storage: Storage | null = null;
  try {
    storage = typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    storage = null;
  }
  return { manager: typeof navigator === 'undefined' ? undefined : navigator.storage, storage, now: () => new Date() };
}

function readAnswer(env: PersistEnv): PersistAnswer | null {
  try {
    const raw = env.storage?.getItem(PERSIST_ANSWER_KEY);
    const v = raw ? (JSON.parse(raw) as Partial<PersistAnswer>) : null;
    return v && typeof v.granted === 'boolean' && typeof v.at === 'string' ? { granted: v.granted, at: v.at } : null;
  } catch {
    return null;
  }
}

/** DurableStorage holds whether storage is persistent and the last answer to a request, as runes. */
export class DurableStorage {
  /** supported is false where the browser has no persistent-storage API. */
  readonly supported: boolean;
  /** persisted is whether the origin's storage is persistent now (null until read). */
  persisted = $state<boolean | null>(null);
  /** answer is the browser's last answer to a request (null: never asked). */
  answer = $state<PersistAnswer | null>(null);
  /** busy is set while a request is pending. */
  busy = $state(false);
  readonly #env: PersistEnv;

  constructor(env: PersistEnv = browserEnv()) {
    this.#env = env;
    this.supported = typeof env.manager?.persist === 'function';
    this.answer = readAnswer(env);
  }

  /** refresh reads whether storage is persistent (it asks nothing). */
  async refresh(): Promise<void> {
    const m = this.#env.manager;
    this.persisted = m?.persisted ? await m.persisted() : false;
  }

  /** request asks the browser for persistent storage and records its answer. */
  async request(): Promise<boolean> {
    const m = this.#env.manager;
    if (!m?.persist) return false;
    this.busy = true;
    try {
      const granted = await m.persist();
      this.persisted = granted;
      this.answer = { granted, at: this.#env.now().toISOString() };
      try {
        this.#env.storage?.setItem(PERSIST_ANSWER_KEY, JSON.stringify(this.answer));
      } catch {
        // Storage blocked or full: the answer still shows for this page.
      }
      return granted;
    } finally {
      this.busy = false;
    }
  }

  /** afterFirstTarget asks once, the first time the user adds targets (later additions ask nothing). */
  async afterFirstTarget(): Promise<void> {
    if (!this.supported || this.answer) return;
    await this.request();
  }
}

/** durableStorage is the page's one persistence state. */
export const durableStorage = new DurableStorage();
