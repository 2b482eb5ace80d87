import { describe, expect, it } from 'vitest';
import { detectDropKind, type DropKind } from '../../../src/ui/lib/dropimport';
import { stateFromDrop } from '../../../src/ui/components/state/dropped';
import { exportPromtab, newDashboard } from '../../../src/dashboards';
import { DEFAULT_SETTINGS, writeStateFile } from '../../../src/state/statefile';

const enc = (s: string) => new TextEncoder().encode(s);

const cases: [string, Uint8Array, DropKind][] = [
  ['state file', enc('{"promtab":"state","version":1}'), 'state'],
  ['dashboard with data', enc('{"promtab":"dashboard-with-data","version":1}'), 'dashboard-with-data'],
  ['Promtab dashboard', enc(exportPromtab(newDashboard('A', 'a'))), 'promtab-dashboard'],
  ['Grafana dashboard', enc('{"title":"G","panels":[],"schemaVersion":39}'), 'grafana'],
  ['Grafana export wrapper', enc('{"dashboard":{"title":"G","panels":[]},"meta":{}}'), 'grafana'],
  ['snapshot', enc('PROMTAB1\u0001\u0000\u0000\u0000'), 'snapshot'],
  ['OpenMetrics', enc('# TYPE a unknown\na 1 1\n# EOF\n'), 'openmetrics'],
  ['Prometheus text', enc('# HELP up x\n# TYPE up gauge\nup{job="a"} 1 1700000000000\n'), 'prometheus-text'],
  ['prometheus.yml', enc('global:\n  scrape_interval: 15s\nscrape_configs: []\n'), 'prometheus-yml'],
  ['rule file', enc('groups:\n  - name: g\n    rules: []\n'), 'rules'],
  ['other JSON', enc('{"a":1}'), 'unknown'],
  ['broken JSON', enc('{"promtab":'), 'unknown'],
  ['binary', new Uint8Array([1, 2, 0, 4]), 'unknown'],
  ['prose', enc('Dear diary,\ntoday I scraped.\n'), 'unknown'],
];

describe('drop import', () => {
  it.each(cases)('recognises a %s by content', (_n, bytes, kind) => {
    expect(detectDropKind(bytes)).toBe(kind);
  });

  const current = writeStateFile(
    { scrapeConfig: 'scrape_configs: []\n', dashboards: [exportPromtab(newDashboard('Old', 'old'))], ruleFiles: [{ name: 'a.yml', content: 'groups: []\n' }], silences: [], settings: DEFAULT_SETTINGS },
    'included',
  );
  it('turns a dropped prometheus.yml, rule file and dashboard into a state file over the current state', () => {
    const yml = JSON.parse(stateFromDrop(current, 'prometheus-yml', 'prometheus.yml', 'scrape_configs:\n  - job_name: x\n'));
    expect(yml.scrapeConfig).toBe('scrape_configs:\n  - job_name: x\n');
    expect(yml.dashboards).toEqual([]);
    const rules = JSON.parse(stateFromDrop(current, 'rules', 'b.yml', 'groups: []\n'));
    expect(rules.ruleFiles.map((f: { name: string }) => f.name)).toEqual(['a.yml', 'b.yml']);
    expect(rules.scrapeConfig).toBe('scrape_configs: []\n');
    const g = JSON.parse(stateFromDrop(current, 'grafana', 'g.json', '{"title":"G","uid":"g","panels":[]}'));
    expect(g.dashboards).toHaveLength(1);
    expect(g.dashboards[0].dashboard.title).toBe('G');
    expect(() => stateFromDrop(current, 'unknown', 'x.bin', '')).toThrow(/x.bin: not a file Promtab can import/);
  });
});
