/** The Prometheus text format (0.0.4 and 1.0.0): one table row per construct. */
import { describe, expect, it } from 'vitest';
import { newParser, parseAll } from '../../../src/exposition/index';
import { rows, type Row } from './helpers';

const CASES: readonly [string, string, Row[]][] = [
  ['plain sample', 'a 1\n', [{ name: 'a', labels: {}, value: 1 }]],
  ['no final newline', 'a 1', [{ name: 'a', labels: {}, value: 1 }]],
  ['labels', 'a{x="1",y="2"} 3\n', [{ name: 'a', labels: { x: '1', y: '2' }, value: 3 }]],
  ['empty braces', 'a{} 3\n', [{ name: 'a', labels: {}, value: 3 }]],
  ['timestamp in ms', 'a 1 1395066363000\n', [{ name: 'a', labels: {}, value: 1, ts: 1395066363000 }]],
  ['NaN', 'a NaN\n', [{ name: 'a', labels: {}, value: NaN }]],
  ['+Inf and -Inf', 'a +Inf\nb -Inf\n', [{ name: 'a', labels: {}, value: Infinity }, { name: 'b', labels: {}, value: -Infinity }]],
  ['Go spellings of specials', 'a inf\nb -infinity\nc nan\n', [{ name: 'a', labels: {}, value: Infinity }, { name: 'b', labels: {}, value: -Infinity }, { name: 'c', labels: {}, value: NaN }]],
  ['exponent', 'a 1.458255915e9\n', [{ name: 'a', labels: {}, value: 1458255915 }]],
  ['hex float as Go reads it', 'a 0x1p-3\n', [{ name: 'a', labels: {}, value: 0.125 }]],
  ['escapes in label values', 'a{p="C:\\\\DIR\\\\F",e="say \\"hi\\"\\nbye",k="\\z"} 1\n', [{ name: 'a', labels: { p: 'C:\\DIR\\F', e: 'say "hi"\nbye', k: '\\z' }, value: 1 }]],
  ['blank lines, leading blanks and tabs', '\n\n  a\t1\n\t\nb  2  \n', [{ name: 'a', labels: {}, value: 1 }, { name: 'b', labels: {}, value: 2 }]],
  ['blanks inside braces', 'a { x = "1" , y="2" } 1\n', [{ name: 'a', labels: { x: '1', y: '2' }, value: 1 }]],
  ['trailing comma', 'a{x="1",} 1\n', [{ name: 'a', labels: { x: '1' }, value: 1 }]],
  ['missing comma between labels', 'a{x="1" y="2"} 1\n', [{ name: 'a', labels: { x: '1', y: '2' }, value: 1 }]],
  ['no blank between braces and value', 'a{x="1"}1\n', [{ name: 'a', labels: { x: '1' }, value: 1 }]],
  ['quoted UTF-8 name', '{"my.metric", "label.x"="v"} 1\n', [{ name: 'my.metric', labels: { 'label.x': 'v' }, value: 1 }]],
  ['quoted name after labels', '{a="b","my.metric"} 1\n', [{ name: 'my.metric', labels: { a: 'b' }, value: 1 }]],
  ['colons in names', 'job:rate:5m 1\n', [{ name: 'job:rate:5m', labels: {}, value: 1 }]],
  ['raw newline inside a label value', 'a{x="1\n2"} 1\n', [{ name: 'a', labels: { x: '1\n2' }, value: 1 }]],
  ['comments are skipped', '# just a comment\n#HELP not metadata\n# EOF\na 1\n', [{ name: 'a', labels: {}, value: 1 }]],
];

describe('text format samples', () => {
  it.each(CASES)('%s', (_name, body, want) => {
    expect(rows(body, 'text')).toEqual(want);
  });

  it('sorts labels and puts __name__ among them', () => {
    const p = newParser('zz{b="2",a="1",__x="0"} 1\n', 'text');
    expect(p.next()).toBe('series');
    expect(p.labels()).toEqual(['__name__', 'zz', '__x', '0', 'a', '1', 'b', '2']);
  });

  it('gives the raw series text as seriesKey', () => {
    const p = newParser('a{x="1"} 1 5\nb 2\n', 'text');
    p.next();
    expect(p.seriesKey()).toBe('a{x="1"}');
    p.next();
    expect(p.seriesKey()).toBe('b');
    expect(p.next()).toBeNull();
    expect(p.next()).toBeNull();
  });
});

const META: readonly [string, string, Record<string, { type: string; help: string; unit: string }>][] = [
  ['HELP and TYPE', '# HELP a The a.\n# TYPE a counter\na 1\n', { a: { type: 'counter', help: 'The a.', unit: '' } }],
  ['untyped reads as unknown', '# TYPE a untyped\n', { a: { type: 'unknown', help: '', unit: '' } }],
  ['HELP escapes: \\\\ and \\n only', '# HELP a x\\\\y\\nz\\"q\n', { a: { type: 'unknown', help: 'x\\y\nz\\"q', unit: '' } }],
  ['HELP keeps blanks after the first', '# HELP a  two\n', { a: { type: 'unknown', help: ' two', unit: '' } }],
  ['empty HELP', '# HELP a\n', { a: { type: 'unknown', help: '', unit: '' } }],
  ['quoted family name', '# TYPE "my.metric" gauge\n', { 'my.metric': { type: 'gauge', help: '', unit: '' } }],
  ['tabs around keywords', '#\tTYPE\ta\tsummary\n', { a: { type: 'summary', help: '', unit: '' } }],
  ['family names that extend or cut the one before', '# HELP abc x\n# TYPE ab gauge\n# TYPE abcd counter\n# HELP abcd y\n# TYPE abc histogram\n', {
    abc: { type: 'histogram', help: 'x', unit: '' },
    ab: { type: 'gauge', help: '', unit: '' },
    abcd: { type: 'counter', help: 'y', unit: '' },
  }],
];

describe('text format metadata', () => {
  it.each(META)('%s', (_name, body, want) => {
    expect(Object.fromEntries(parseAll(body, 'text').metadata)).toEqual(want);
  });

  it('reports type, help and comment entries in order', () => {
    const p = newParser('# HELP a h\n# TYPE a gauge\n# other\na 1\n', 'text');
    expect(p.next()).toBe('help');
    expect([p.family(), p.help()]).toEqual(['a', 'h']);
    expect(p.next()).toBe('type');
    expect([p.family(), p.type()]).toEqual(['a', 'gauge']);
    expect(p.next()).toBe('comment');
    expect(p.next()).toBe('series');
    expect(p.next()).toBeNull();
  });
});
