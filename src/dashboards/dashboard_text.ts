/**
 * Dashboard file text, as the import dialog and the settings' JSON Model read it: size-checked, parsed, and sent
 * to the Promtab reader (`{"promtab": "dashboard", ...}`) or to the Grafana importer, with the same validation.
 */
import { importGrafana, type ImportResult } from './grafana_import';
import { JSON_LIMITS } from './json';
import { importPromtab } from './promtab_json';

/** readDashboardText reads Grafana or Promtab dashboard JSON text; throws an Error that says what is wrong. */
export function readDashboardText(text: string): ImportResult {
  if (text.length > JSON_LIMITS.maxBytes) throw new Error(`the file is larger than ${JSON_LIMITS.maxBytes / 1024 / 1024} MB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  const isPromtab = typeof json === 'object' && json !== null && (json as { promtab?: unknown }).promtab === 'dashboard';
  return isPromtab ? importPromtab(json) : importGrafana(json);
}
