/**
 * Drag and drop import: a file dropped anywhere on the page is recognised by its content (state file, dashboard
 * with data, data snapshot or exposition text, prometheus.yml, rule file, Grafana or Promtab dashboard) and handed
 * to the Settings view, which shows a preview and changes nothing until the user confirms. Reading a dropped file
 * never makes a network request.
 */

/** DropKind is what a dropped file was recognised as. */
export type DropKind =
  | 'state'
  | 'dashboard-with-data'
  | 'snapshot'
  | 'openmetrics'
  | 'prometheus-text'
  | 'prometheus-yml'
  | 'rules'
  | 'grafana'
  | 'promtab-dashboard'
  | 'unknown';

/** DroppedFile is a recognised file waiting for the Settings view. */
export interface DroppedFile {
  name: string;
  kind: DropKind;
  bytes: Uint8Array;
}

/** DATA_KINDS are the kinds that go to data import; the rest become a state import. */
export const DATA_KINDS: ReadonlySet<DropKind> = new Set(['dashboard-with-data', 'snapshot', 'openmetrics', 'prometheus-text']);

const JSON_KINDS: readonly [(o: Record<string, unknown>) => boolean, DropKind][] = [
  [(o) => o.promtab === 'state', 'state'],
  [(o) => o.promtab === 'dashboard-with-data', 'dashboard-with-data'],
  [(o) => o.promtab === 'dashboard', 'promtab-dashboard'],
  [(o) => Array.isArray(o.panels) || Array.isArray(o.rows) || typeof o.dashboard === 'object', 'grafana'],
];

const TEXT_KINDS: readonly [RegExp, DropKind][] = [
  [/(^|\n)# EOF\s*$/, 'openmetrics'],
  [/^\s*groups\s*:/m, 'rules'],
  [/^\s*(scrape_configs|global|rule_files|alerting)\s*:/m, 'prometheus-yml'],
];

/** SAMPLE_LINE is an exposition sample: a name or braces, a value, and optionally a timestamp. */
const SAMPLE_LINE = /^([a-zA-Z_:][\w:]*)?(\{.*\})?\s+(-?[\d.]+([eE][+-]?\d+)?|NaN|[+-]?Inf)(\s+-?\d+(\.\d+)?)?$/;

/** detectDropKind recognises a file by its content (the name only breaks no ties). */
export function detectDropKind(bytes: Uint8Array): DropKind {
  if (bytes.length >= 8 && new TextDecoder().decode(bytes.subarray(0, 8)) === 'PROMTAB1') return 'snapshot';
  if (bytes.subarray(0, 4096).includes(0)) return 'unknown';
  const text = new TextDecoder().decode(bytes);
  const head = text.trimStart();
  if (head.startsWith('{')) {
    try {
      const o = JSON.parse(text) as unknown;
      if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
        for (const [test, kind] of JSON_KINDS) if (test(o as Record<string, unknown>)) return kind;
      }
    } catch {
      return 'unknown';
    }
    return 'unknown';
  }
  for (const [re, kind] of TEXT_KINDS) if (re.test(text)) return kind;
  const first = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  return first !== undefined && SAMPLE_LINE.test(first.trim()) ? 'prometheus-text' : 'unknown';
}

let pending: DroppedFile | null = null;

/** DROP_EVENT is dispatched on window when a recognised file waits in takeDropped(). */
export const DROP_EVENT = 'promtab:dropped';

/** takeDropped returns (and forgets) the file waiting for the Settings view, if any. */
export function takeDropped(): DroppedFile | null {
  const f = pending;
  pending = null;
  return f;
}

/**
 * installDropImport listens for files dropped on the page and calls go() to show the Settings view; call it once
 * from App. It returns a function that removes the listeners.
 */
export function installDropImport(go: () => void): () => void {
  const over = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const drop = async (e: DragEvent) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    const bytes = new Uint8Array(await file.arrayBuffer());
    pending = { name: file.name, kind: detectDropKind(bytes), bytes };
    go();
    dispatchEvent(new CustomEvent(DROP_EVENT));
  };
  addEventListener('dragover', over);
  addEventListener('drop', drop);
  return () => {
    removeEventListener('dragover', over);
    removeEventListener('drop', drop);
  };
}
