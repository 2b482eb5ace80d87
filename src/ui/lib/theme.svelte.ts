/**
 * The colour theme: the user's choice (follow the system, light or dark), remembered in localStorage and applied as
 * `data-theme="light|dark"` on <html>, where app.css picks the token set. public/theme-init.js applies the stored
 * choice before the first paint (the CSP allows no inline script); this class keeps it in step afterwards.
 */

/** ThemeMode is what the user picks. */
export type ThemeMode = 'system' | 'light' | 'dark';
/** ResolvedTheme is the token set in force. */
export type ResolvedTheme = 'light' | 'dark';

/** THEME_STORAGE_KEY is the localStorage key of the choice (public/theme-init.js reads the same key). */
export const THEME_STORAGE_KEY = 'promtab.theme';

/** THEME_MODES lists the choices in menu order with their labels. */
export const THEME_MODES: readonly { value: ThemeMode; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** parseThemeMode reads a stored choice; anything unknown (or nothing) means follow the system. */
export function parseThemeMode(stored: string | null | undefined): ThemeMode {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** resolveTheme is the token set for a choice given whether the system prefers dark. */
export function resolveTheme(mode: ThemeMode, systemDark: boolean): ResolvedTheme {
  return mode === 'system' ? (systemDark ? 'dark' : 'light') : mode;
}

/** ThemeEnv is what the theme touches outside itself (the browser's by default; tests pass their own). */
export interface ThemeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** prefersDark tells the current system preference and calls back when it changes. */
  prefersDark: { matches: boolean; subscribe(cb: (dark: boolean) => void): void } | null;
  /** apply writes the resolved theme to the document. */
  apply(resolved: ResolvedTheme): void;
}

function browserEnv(): ThemeEnv {
  if (typeof window === 'undefined') return { storage: null, prefersDark: null, apply: () => {} };
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  return {
    storage,
    prefersDark: mq ? { matches: mq.matches, subscribe: (cb) => mq.addEventListener('change', (e) => cb(e.matches)) } : null,
    apply: (resolved) => {
      document.documentElement.setAttribute('data-theme', resolved);
      // The window's title bar (installed app, mobile address bar) follows the chosen theme, not only the system's.
      const bar = getComputedStyle(document.documentElement).getPropertyValue('--nav-bg').trim();
      if (bar) for (const m of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) m.content = bar;
    },
  };
}

/** Theme holds the choice and the resolved theme as runes, and applies every change to the document. */
export class Theme {
  /** mode is the user's choice. */
  mode = $state<ThemeMode>('system');
  /** systemDark is whether the system currently prefers dark. */
  systemDark = $state(false);
  /** resolved is the token set in force. */
  readonly resolved: ResolvedTheme = $derived(resolveTheme(this.mode, this.systemDark));
  readonly #env: ThemeEnv;

  constructor(env: ThemeEnv = browserEnv()) {
    this.#env = env;
    let stored: string | null = null;
    try {
      stored = env.storage?.getItem(THEME_STORAGE_KEY) ?? null;
    } catch {
      stored = null;
    }
    this.mode = parseThemeMode(stored);
    this.systemDark = env.prefersDark?.matches ?? false;
    env.prefersDark?.subscribe((dark) => {
      this.systemDark = dark;
      this.#env.apply(this.resolved);
    });
    env.apply(this.resolved);
  }

  /** set records a new choice, remembers it (system is remembered as no entry) and applies it. */
  set(mode: ThemeMode): void {
    this.mode = mode;
    try {
      if (mode === 'system') this.#env.storage?.removeItem(THEME_STORAGE_KEY);
      else this.#env.storage?.setItem(THEME_STORAGE_KEY, mode);
    } catch {
      // Storage can be full or blocked; the choice still holds for this page.
    }
    this.#env.apply(this.resolved);
  }
}

/** theme is the page's one theme. */
export const theme = new Theme();
