import { describe, expect, it } from 'vitest';
import { READABLE_DATABASES, unreadableDatabases } from '../../../src/api/takeover';
import { SCHEMA_VERSION } from '../../../src/tsdb';

describe('unreadableDatabases', () => {
  const readable = { 'promtab-tsdb': 5, 'promtab-config': 1 };
  it.each([
    ['no stored data', [], []],
    ['the same versions', [{ name: 'promtab-tsdb', version: 5 }, { name: 'promtab-config', version: 1 }], []],
    ['older versions, which this build upgrades', [{ name: 'promtab-tsdb', version: 3 }], []],
    ['databases of someone else', [{ name: 'other', version: 99 }, { version: 7 }], []],
    [
      'a newer tsdb schema',
      [{ name: 'promtab-tsdb', version: 6 }, { name: 'promtab-config', version: 1 }],
      ['promtab-tsdb is stored in schema version 6, this build reads up to version 5'],
    ],
    [
      'two newer databases',
      [{ name: 'promtab-config', version: 2 }, { name: 'promtab-tsdb', version: 9 }],
      [
        'promtab-config is stored in schema version 2, this build reads up to version 1',
        'promtab-tsdb is stored in schema version 9, this build reads up to version 5',
      ],
    ],
  ])('%s', (_name, stored, want) => {
    expect(unreadableDatabases(stored, readable)).toEqual(want);
  });

  it('knows every database Promtab opens, at the versions this build writes', () => {
    expect(READABLE_DATABASES['promtab-tsdb']).toBe(SCHEMA_VERSION);
    expect(Object.keys(READABLE_DATABASES).sort()).toEqual(['promtab-config', 'promtab-exemplars', 'promtab-remote-write', 'promtab-tsdb']);
  });
});
