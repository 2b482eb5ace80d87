import { describe, expect, it } from 'vitest';
import { parseThemeMode, resolveTheme, Theme, THEME_STORAGE_KEY, type ResolvedTheme, type ThemeEnv } from '../../../src/ui/lib/theme.svelte';
import { filterOptions, summarize } from '../../../src/ui/components/ui/filter';

function fakeEnv(stored: string | null, systemDark: boolean) {
  const store = new Map<string, string>(stored === null ? [] : [[THEME_STORAGE_KEY, stored]]);
  const applied: ResolvedTheme[] = [];
  let listener: ((dark: boolean) => void) | null = null;
  const env: ThemeEnv = {
    storage: {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    prefersDark: { matches: systemDark, subscribe: (cb) => void (listener = cb) },
    apply: (r) => void applied.push(r),
  };
  return { env, store, applied, flipSystem: (dark: boolean) => listener?.(dark) };
}

describe('theme', () => {
  it.each([
    ['light', 'light'],
    ['dark', 'dark'],
    ['system', 'system'],
    [null, 'system'],
    ['purple', 'system'],
    ['', 'system'],
  ])('parseThemeMode(%j) is %s', (stored, mode) => {
    expect(parseThemeMode(stored)).toBe(mode);
  });

  it.each([
    ['system', false, 'light'],
    ['system', true, 'dark'],
    ['light', true, 'light'],
    ['dark', false, 'dark'],
  ] as const)('resolveTheme(%s, systemDark=%s) is %s', (mode, dark, resolved) => {
    expect(resolveTheme(mode, dark)).toBe(resolved);
  });

  it('starts from the stored choice and applies it at once', () => {
    const f = fakeEnv('dark', false);
    const t = new Theme(f.env);
    expect(t.mode).toBe('dark');
    expect(t.resolved).toBe('dark');
    expect(f.applied).toEqual(['dark']);
  });

  it('follows the system while the choice is system, and not after an explicit choice', () => {
    const f = fakeEnv(null, false);
    const t = new Theme(f.env);
    expect(t.resolved).toBe('light');
    f.flipSystem(true);
    expect(t.resolved).toBe('dark');
    expect(f.applied.at(-1)).toBe('dark');
    t.set('light');
    f.flipSystem(true);
    expect(t.resolved).toBe('light');
    expect(f.applied.at(-1)).toBe('light');
  });

  it('remembers light and dark, and forgets the entry for system', () => {
    const f = fakeEnv(null, true);
    const t = new Theme(f.env);
    t.set('light');
    expect(f.store.get(THEME_STORAGE_KEY)).toBe('light');
    expect(new Theme(f.env).mode).toBe('light');
    t.set('system');
    expect(f.store.has(THEME_STORAGE_KEY)).toBe(false);
    expect(t.resolved).toBe('dark');
  });

  it('keeps working when storage throws', () => {
    const f = fakeEnv(null, false);
    const broken: ThemeEnv = {
      ...f.env,
      storage: {
        getItem: () => {
          throw new Error('blocked');
        },
        setItem: () => {
          throw new Error('quota');
        },
        removeItem: () => {},
      },
    };
    const t = new Theme(broken);
    expect(t.mode).toBe('system');
    t.set('dark');
    expect(t.resolved).toBe('dark');
    expect(f.applied.at(-1)).toBe('dark');
  });
});

describe('kit option helpers', () => {
  const opts = [
    { value: 'a', label: 'Alpha' },
    { value: 'b', label: 'Beta' },
    { value: 'node-1:9100', label: 'node-1:9100' },
  ];
  it('filterOptions matches label or value, ignoring case and surrounding space', () => {
    expect(filterOptions(opts, ' ALP ').map((o) => o.value)).toEqual(['a']);
    expect(filterOptions(opts, 'b').map((o) => o.value)).toEqual(['b']);
    expect(filterOptions(opts, '9100').map((o) => o.value)).toEqual(['node-1:9100']);
    expect(filterOptions(opts, '')).toHaveLength(3);
    expect(filterOptions(opts, 'zzz')).toEqual([]);
  });
  it('summarize joins the labels of the picks, keeps unknown values, and shows the placeholder for none', () => {
    expect(summarize(opts, ['a', 'b'], 'Pick')).toBe('Alpha + Beta');
    expect(summarize(opts, ['gone'], 'Pick')).toBe('gone');
    expect(summarize(opts, [], 'Pick')).toBe('Pick');
  });
});
