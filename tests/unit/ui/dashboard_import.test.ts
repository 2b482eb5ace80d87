import { describe, expect, it } from 'vitest';
import { newDashboard, type Dashboard } from '../../../src/dashboards';
import { DashboardImport, IMPORT_WARNINGS_KEY, MAX_KEPT_WARNINGS, copyOf, keptWarnings, loadWarnings, type ImportEnv } from '../../../src/ui/lib/dashboard_import.svelte';

function fakeEnv(initial: Dashboard[] = [], stored: string | null = null) {
  const saved = new Map(initial.map((d) => [d.uid, d]));
  const storage = new Map<string, string>(stored === null ? [] : [[IMPORT_WARNINGS_KEY, stored]]);
  const opened: string[] = [];
  const env: ImportEnv = {
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
    dashboards: {
      get: async (uid) => saved.get(uid) ?? null,
      save: async (d) => {
        saved.set(d.uid, d);
        return { status: 'success' };
      },
    },
    opened: (uid) => void opened.push(uid),
  };
  return { env, saved, storage, opened };
}

/** grafana is a small Grafana dashboard whose import warns once (a news panel placeholder). */
const grafana = (uid: string, title: string) =>
  JSON.stringify({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'news', title: 'Pie', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });

describe('DashboardImport', () => {
  it('saves a new uid at once, opens it and keeps its warnings under that uid only', async () => {
    const { env, saved, opened, storage } = fakeEnv();
    const imp = new DashboardImport(env);
    imp.text = grafana('a', 'A');
    imp.open = true;
    await imp.submit();
    expect(saved.get('a')?.title).toBe('A');
    expect(opened).toEqual(['a']);
    expect(imp.warningsFor('a')).toEqual(['panels[0]: "Pie" imported as a placeholder: panel type "news" is not supported']);
    expect(imp.warningsFor('b')).toEqual([]);
    expect([imp.text, imp.open, imp.conflict]).toEqual(['', false, null]);
    expect(new DashboardImport(env).warningsFor('a')).toHaveLength(1);
    expect(JSON.parse(storage.get(IMPORT_WARNINGS_KEY)!)).toEqual([['a', imp.warningsFor('a')]]);
  });

  it('asks before replacing a dashboard of the same uid, and each answer does what it says', async () => {
    const existing = { ...newDashboard('Old', 'same') };
    const { env, saved, opened } = fakeEnv([existing]);
    const imp = new DashboardImport(env);

    imp.text = grafana('same', 'New');
    await imp.submit();
    expect(imp.conflict?.existingTitle).toBe('Old');
    expect(saved.get('same')?.title).toBe('Old');
    imp.cancel();
    expect(imp.conflict).toBeNull();
    expect(imp.text).not.toBe('');
    expect([...saved.keys()]).toEqual(['same']);

    await imp.submit();
    await imp.importAsCopy();
    const copy = [...saved.values()].find((d) => d.uid !== 'same')!;
    expect(copy.title).toBe('New (copy)');
    expect(saved.get('same')?.title).toBe('Old');
    expect(opened).toEqual([copy.uid]);
    expect(imp.warningsFor(copy.uid)).toHaveLength(1);
    expect(imp.warningsFor('same')).toEqual([]);

    imp.text = grafana('same', 'New');
    await imp.submit();
    await imp.replace();
    expect(saved.get('same')?.title).toBe('New');
    expect(opened).toEqual([copy.uid, 'same']);
  });

  it('says why a save failed and keeps the form', async () => {
    const { env } = fakeEnv();
    const imp = new DashboardImport({ ...env, dashboards: { ...env.dashboards, save: async () => Promise.reject(new Error('could not be cloned')) } });
    imp.text = grafana('a', 'A');
    await imp.submit();
    expect(imp.error).toBe('the dashboard could not be saved: could not be cloned');
    expect(imp.text).not.toBe('');
    expect(imp.warningsFor('a')).toEqual([]);
  });

  it('refuses what is not JSON with the reason and saves nothing', async () => {
    const { env, saved } = fakeEnv();
    const imp = new DashboardImport(env);
    imp.text = '{';
    await imp.submit();
    expect(imp.error).toMatch(/^not valid JSON/);
    expect(saved.size).toBe(0);
  });

  it('forgets warnings on dismiss, and a clean re-import clears old ones', async () => {
    const { env } = fakeEnv();
    const imp = new DashboardImport(env);
    imp.text = grafana('a', 'A');
    await imp.submit();
    imp.dismiss('a');
    expect(imp.warningsFor('a')).toEqual([]);
    expect(new DashboardImport(env).warningsFor('a')).toEqual([]);
    imp.text = grafana('b', 'B');
    await imp.submit();
    imp.text = JSON.stringify({ uid: 'b', title: 'B', schemaVersion: 42, panels: [] });
    await imp.submit();
    await imp.replace();
    expect(imp.warningsFor('b')).toEqual([]);
  });

  it('reads only well-formed stored warnings; a uid such as __proto__ is plain data', () => {
    const stored = JSON.stringify([['__proto__', ['x', 3]], ['ok', ['y']], 'junk', [1, ['z']]]);
    const w = loadWarnings({ getItem: () => stored });
    expect([...w]).toEqual([['__proto__', ['x']], ['ok', ['y']]]);
    expect(loadWarnings({ getItem: () => '{not json' }).size).toBe(0);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('caps the warnings kept for one dashboard and makes copies with a new uid', () => {
    const many = Array.from({ length: MAX_KEPT_WARNINGS + 10 }, (_, i) => `w${i}`);
    const kept = keptWarnings(many);
    expect(kept).toHaveLength(MAX_KEPT_WARNINGS);
    expect(kept.at(-1)).toBe('… and 11 more warnings');
    const d = newDashboard('T', 'u');
    expect(copyOf(d)).toMatchObject({ title: 'T (copy)' });
    expect(copyOf(d).uid).not.toBe('u');
  });
});
