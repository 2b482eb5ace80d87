/**
 * dropped turns a dropped prometheus.yml, rule file or dashboard into a state file over the current state, so the
 * state import's preview shows exactly what it would change and Apply changes it in one step.
 */
import { exportPromtab, importGrafana, importPromtab } from '../../../dashboards';
import type { DropKind } from '../../lib/dropimport';

type Doc = Record<string, unknown> & { dashboards: unknown[]; ruleFiles: { name: string; content: string }[] };

/** STATE_BUILDERS put a dropped file's content into the current state document. */
const STATE_BUILDERS: Partial<Record<DropKind, (doc: Doc, name: string, text: string) => void>> = {
  'prometheus-yml': (doc, _name, text) => {
    doc.scrapeConfig = text;
  },
  rules: (doc, name, text) => {
    doc.ruleFiles = [...doc.ruleFiles.filter((f) => f.name !== name), { name, content: text }];
  },
  grafana: (doc, _name, text) => {
    doc.dashboards = [JSON.parse(exportPromtab(importGrafana(JSON.parse(text)).dashboard))];
  },
  'promtab-dashboard': (doc, _name, text) => {
    doc.dashboards = [JSON.parse(exportPromtab(importPromtab(JSON.parse(text)).dashboard))];
  },
};

/** stateFromDrop returns a state file text for a dropped file, given the current state file (with secrets). */
export function stateFromDrop(current: string, kind: DropKind, name: string, text: string): string {
  if (kind === 'state') return text;
  const build = STATE_BUILDERS[kind];
  if (!build) throw new Error(`${name}: not a file Promtab can import`);
  const doc = JSON.parse(current) as Doc;
  doc.dashboards = [];
  build(doc, name, text);
  return JSON.stringify(doc);
}
