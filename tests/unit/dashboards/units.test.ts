import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGrafana } from '../../../src/dashboards/grafana_import';
import { allPanels } from '../../../src/dashboards/model';
import { UNITS, formatUnit } from '../../../src/ui/lib/units';

const file = path.resolve(__dirname, '../../../../shared/testdata/dashboards/node-exporter-full.json');

describe('unit ids dashboards use', () => {
  it('knows at least 30 Grafana unit ids', () => expect(UNITS.size).toBeGreaterThanOrEqual(30));

  it.each([
    [1800, 'rotrpm', '1.8 krpm'],
    [42, 'eps', '42 evt/s'],
    [2e6, 'decbits', '2 Mb'],
    [0.5, 'percentunit', '50%'],
    [99.5, 'percent', '99.5%'],
    [1, 'bool_yes_no', 'Yes'],
    [0, 'bool', 'false'],
    [45, 'celsius', '45°C'],
    [2.4e9, 'hertz', '2.4 GHz'],
    [1500, 'iops', '1.5 K io/s'],
    [12, 'pps', '12 p/s'],
    [3e6, 'bps', '3 Mb/s'],
    [3e6, 'Bps', '3 MB/s'],
    [5, 'ops', '5 ops/s'],
    [1.5, 'deckbytes', '1.5 kB'],
    [3725, 'dthms', '01:02:05'],
    [12.345, 'none', '12.3'],
    [1234, 'short', '1.23 K'],
    [1.5, 'Kbits', '1.5 kb/s'],
  ])('%s %s is %s', (v, unit, out) => expect(formatUnit(v, unit)).toBe(out));

  it.skipIf(!existsSync(file))('formats every unit of Node Exporter Full with a known formatter', () => {
    const { dashboard } = importGrafana(readFileSync(file, 'utf8'));
    const units = new Set<string>();
    for (const p of allPanels(dashboard)) {
      if (p.fieldConfig.defaults.unit) units.add(p.fieldConfig.defaults.unit);
      for (const o of p.fieldConfig.overrides) for (const prop of o.properties) if (prop.id === 'unit') units.add(prop.value as string);
    }
    expect([...units].sort()).toEqual([
      'Bps', 'bool', 'bool_yes_no', 'bps', 'bytes', 'celsius', 'decbits', 'eps', 'hertz', 'iops', 'none', 'ops', 'percent', 'percentunit',
      'pps', 'rotrpm', 's', 'short',
    ]);
    for (const u of units) {
      expect(UNITS.has(u), u).toBe(true);
      expect(formatUnit(1234.5, u), u).not.toMatch(/NaN|undefined/);
    }
  });
});
