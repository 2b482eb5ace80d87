/**
 * A dashboard with its data: one JSON file holding a Promtab dashboard and a binary snapshot (base64) of the series
 * its panels' queries select. The selection is every series matched by the vector selectors of its expressions,
 * with template variables widened to `.*`, so the file shows the same panels in an empty profile.
 */
import { allPanels, exportPromtab, importPromtab, type Dashboard } from '../dashboards';
import type { Matcher } from '../model/matcher';
import { parseExpr, walk } from '../promql/parser';
import { FileError, parseUntrustedJson, read } from './safejson';

/** DASHBOARD_DATA_VERSION is the version of the dashboard-with-data file this build writes. */
export const DASHBOARD_DATA_VERSION = 1;

/** DashboardWithData is the file: `{promtab: 'dashboard-with-data', version, dashboard, data}`. */
export interface DashboardWithData {
  promtab: 'dashboard-with-data';
  version: number;
  /** dashboard is Promtab dashboard JSON (as exportPromtab writes it). */
  dashboard: unknown;
  /** data is a binary snapshot in base64. */
  data: string;
}

const VAR = '__promtab_var__';

/** DURATION_BUILTINS stand in for Grafana's interval variables, which must parse as durations or numbers. */
const DURATION_BUILTINS: readonly [RegExp, string][] = [
  [/\$\{?__(?:rate_)?interval(?:_ms)?\}?|\[\[__(?:rate_)?interval\]\]/g, '1m'],
  [/\$\{?__range_(?:s|ms)\}?/g, '60'],
  [/\$\{?__range\}?/g, '1h'],
];

const VARIABLE = /\$\{[^}]+\}|\$[A-Za-z_]\w*|\[\[[^\]]+\]\]/g;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** widen turns a matcher that used a variable into one that accepts any value in its place (or drops it). */
function widen(m: Matcher): Matcher | null {
  if (!m.value.includes(VAR)) return m;
  if (m.type === '!=' || m.type === '!~') return null;
  const value = m.type === '=~' ? m.value.split(VAR).join('.*') : m.value.split(VAR).map(escapeRegex).join('.*');
  return { type: '=~', name: m.name, value };
}

/** dashboardSelectors lists the matcher sets of every vector selector in a dashboard's panel expressions. */
export function dashboardSelectors(d: Dashboard): { selectors: Matcher[][]; warnings: string[] } {
  const seen = new Map<string, Matcher[]>();
  const warnings: string[] = [];
  for (const p of allPanels(d)) {
    for (const t of p.targets) {
      if (t.expr.trim() === '') continue;
      let text = t.expr;
      for (const [re, v] of DURATION_BUILTINS) text = text.replace(re, v);
      text = text.replace(VARIABLE, VAR);
      try {
        walk(parseExpr(text), (node) => {
          if (node.type !== 'vectorSelector') return;
          const ms = node.matchers.map(widen).filter((m): m is Matcher => m !== null);
          if (!ms.some((m) => m.name === '__name__')) ms.push({ type: '=~', name: '__name__', value: '.+' });
          seen.set(JSON.stringify(ms), ms);
        });
      } catch (e) {
        warnings.push(`panel "${p.title}" query ${t.refId}: ${(e as Error).message}; its data is not included`);
      }
    }
  }
  return { selectors: [...seen.values()], warnings };
}

/** toBase64 encodes bytes as base64 (in slices, so large snapshots do not overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** fromBase64 decodes base64 into bytes, or throws FileError at path. */
export function fromBase64(text: string, path: string): Uint8Array {
  let s: string;
  try {
    s = atob(text);
  } catch {
    throw new FileError(path, 'not valid base64');
  }
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** writeDashboardWithData writes the file for a dashboard and its snapshot. */
export function writeDashboardWithData(d: Dashboard, snapshot: Uint8Array): string {
  const file: DashboardWithData = {
    promtab: 'dashboard-with-data',
    version: DASHBOARD_DATA_VERSION,
    dashboard: JSON.parse(exportPromtab(d)),
    data: toBase64(snapshot),
  };
  return JSON.stringify(file);
}

/** readDashboardWithData reads the file into a validated dashboard and the snapshot bytes (checked on import). */
export function readDashboardWithData(text: string): { dashboard: Dashboard; snapshot: Uint8Array; warnings: string[] } {
  const { value } = parseUntrustedJson(text, { maxBytes: 200 * 1024 * 1024, maxDepth: 64 });
  const o = read.object(value, '');
  if (o.promtab !== 'dashboard-with-data') throw new FileError('promtab', 'this is not a Promtab dashboard-with-data file');
  const version = read.number(o.version, 'version');
  if (version !== DASHBOARD_DATA_VERSION) {
    throw new FileError('version', `the file is version ${version}; this Promtab reads version ${DASHBOARD_DATA_VERSION}`);
  }
  let imported: { dashboard: Dashboard; warnings: string[] };
  try {
    imported = importPromtab(o.dashboard);
  } catch (e) {
    throw new FileError('dashboard', (e as Error).message);
  }
  return { ...imported, snapshot: fromBase64(read.string(o.data, 'data'), 'data') };
}
