import { describe, expect, it } from 'vitest';
import { exportStateText, planState, type CurrentState } from '../../../src/state/plan';
import { readDataSources } from '../../../src/state/datasources';
import { DEFAULT_SETTINGS, readSettings } from '../../../src/state/statefile';
import type { DataSource } from '../../../src/remote/datasource_config';

const PROD: DataSource = {
  name: 'prod',
  url: 'https://prom.example',
  username: 'alice',
  password: 'pw',
  bearerToken: '',
  headers: [
    { name: 'X-Scope-OrgID', value: 'tenant-1', secret: false },
    { name: 'X-Api-Key', value: 'k3y', secret: true },
  ],
};

function profile(dataSources: DataSource[]): CurrentState {
  return { scrapeYaml: 'scrape_configs: []\n', dashboards: [], ruleFiles: [], silences: [], settings: { ...DEFAULT_SETTINGS, dataSources } };
}

describe('settings.dataSources', () => {
  it('defaults to none and normalizes what it reads', () => {
    expect(readSettings({}).dataSources).toEqual([]);
    expect(readDataSources([{ name: ' a ', url: 'http://x:9090/' }], 'ds')).toEqual([
      { name: 'a', url: 'http://x:9090', username: '', password: '', bearerToken: '', headers: [] },
    ]);
  });

  it.each([
    [[{ name: 'a' }], /ds\[0\]\.url: expected a string/],
    [[{ name: 'a', url: 'ftp://x' }], /^ds: a: the URL must start with http/],
    [[{ name: 'a', url: 'http://x', headers: [{ name: 'X', value: 1 }] }], /ds\[0\]\.headers\[0\]\.value: expected a string/],
    [[{ name: 'a', url: 'http://x' }, { name: 'a', url: 'http://y' }], /two data sources are named "a"/],
    [{}, /ds: expected a list/],
  ])('refuses %j', (v, want) => {
    expect(() => readDataSources(v, 'ds')).toThrow(want);
  });

  it('export without secrets redacts password, token and secret headers only', () => {
    const file = JSON.parse(exportStateText(profile([PROD]), false));
    expect(file.settings.dataSources).toEqual([
      { ...PROD, password: '<secret>', headers: [PROD.headers[0], { ...PROD.headers[1], value: '<secret>' }] },
    ]);
    const full = JSON.parse(exportStateText(profile([PROD]), true));
    expect(full.settings.dataSources).toEqual([PROD]);
  });

  it('import fills placeholders from the data source of the same name, and names what it could not fill', () => {
    const text = exportStateText(profile([PROD, { ...PROD, name: 'other' }]), false);
    const plan = planState(text, profile([PROD]));
    expect(plan.records.settings.dataSources[0]).toEqual(PROD);
    expect(plan.records.settings.dataSources[1]).toEqual({ ...PROD, name: 'other', password: '', headers: [PROD.headers[0], { ...PROD.headers[1], value: '' }] });
    expect(plan.preview.secretsKept).toEqual(['data source "prod": password', 'data source "prod": header X-Api-Key']);
    expect(plan.preview.secretsMissing).toEqual(['data source "other": password', 'data source "other": header X-Api-Key']);
    expect(plan.preview.settings).toEqual(['dataSources']);
  });

  it('a file with the same data sources changes no setting', () => {
    const plan = planState(exportStateText(profile([PROD]), false), profile([PROD]));
    expect(plan.preview.settings).toEqual([]);
  });
});
