import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readStateFile, STATE_VERSION, writeStateFile, type StateValidators } from '../../../src/state/statefile';
import { parseUntrustedJson } from '../../../src/state/safejson';

const ok: StateValidators = { scrapeConfig: () => {}, dashboard: () => {}, ruleFile: () => {}, silence: () => {} };
const state = {
  scrapeConfig: 'scrape_configs: []\n',
  dashboards: [{ title: 'A' }],
  ruleFiles: [{ name: 'r.yml', content: 'groups: []\n' }],
  silences: [],
  settings: { ...DEFAULT_SETTINGS, allowedPushOrigins: ['https://example.com'] },
};

describe('state file', () => {
  it('round-trips', () => {
    const r = readStateFile(writeStateFile(state, 'redacted'), ok);
    expect(r.state).toEqual(state);
    expect(r.version).toBe(STATE_VERSION);
  });
  it('refuses newer versions and other files', () => {
    expect(() => readStateFile(JSON.stringify({ promtab: 'state', version: 99 }), ok)).toThrow(/version: the file is version 99, newer/);
    expect(() => readStateFile('{"a":1}', ok)).toThrow(/not a Promtab state file/);
    expect(() => readStateFile('{"promtab":"state","version":1', ok)).toThrow(/not valid JSON/);
  });
  it('migrates version 0', () => {
    const r = readStateFile(JSON.stringify({ promtab: 'state', version: 0, config: 'x: 1', rules: 'groups: []' }), ok);
    expect(r.state.scrapeConfig).toBe('x: 1');
    expect(r.state.ruleFiles).toEqual([{ name: 'rules.yml', content: 'groups: []' }]);
  });
  it('names the path of a bad part', () => {
    const bad = { ...ok, dashboard: (d: unknown) => { if (!(d as { title?: string }).title) throw new Error('a dashboard needs a title'); } };
    const text = writeStateFile({ ...state, dashboards: [{ title: 'A' }, {}] }, 'redacted');
    expect(() => readStateFile(text, bad)).toThrow('dashboards[1]: a dashboard needs a title');
    expect(() => readStateFile(text.replace('"https://example.com"', '"javascript:x"'), ok)).toThrow(/settings.allowedPushOrigins\[0\]/);
  });
  it('makes hostile keys inert', () => {
    const text = '{"promtab":"state","version":1,"__proto__":{"polluted":true},"settings":{"constructor":{"x":1}}}';
    const r = readStateFile(text, ok);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.warnings).toEqual(['__proto__: ignored (a reserved key)', 'settings.constructor: ignored (a reserved key)']);
  });
  it('limits size and depth', () => {
    expect(() => parseUntrustedJson('[1]', { maxBytes: 2, maxDepth: 5 })).toThrow(/at most 2/);
    expect(() => parseUntrustedJson('[[[[[[1]]]]]]', { maxBytes: 100, maxDepth: 3 })).toThrow(/deeper than 3/);
  });
});
