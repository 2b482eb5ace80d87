import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes, goQuote, parseNumber, unquoteString } from '../../../../src/promql/parser/literals';
import { parseExpr } from '../../../../src/promql/parser';

describe('unquoteString', () => {
  it.each([
    ['"plain"', 'plain'],
    ["'single \\' quote'", "single ' quote"],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ['"\\u00e9\\U0001F600"', 'é😀'],
    ['"\\x41\\101"', 'AA'],
    ['"\\xc3\\xa9"', 'é'],
    ['"\\xff"', '\udcff'],
    ['"\\xe2\\x82"', '\udce2\udc82'],
    ['`raw \\n \\x`', 'raw \\n \\x'],
    ['`a\r\nb`', 'a\nb'],
  ])('%s', (tok, want) => expect(unquoteString(tok)).toBe(want));
});

describe('decodeBytes', () => {
  it.each<[number[], string]>([
    [[0x41], 'A'],
    [[0xe2, 0x82, 0xac], '€'],
    [[0xf0, 0x9f, 0x98, 0x80], '😀'],
    [[0xc0, 0x80], '\udcc0\udc80'],
    [[0xed, 0xa0, 0x80], '\udced\udca0\udc80'],
    [[0xe2, 0x41], '\udce2A'],
  ])('%j', (bytes, want) => expect(decodeBytes(bytes)).toBe(want));
});

describe('goQuote', () => {
  it.each([
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\x01', '"\\x01"'],
    ['\udcff', '"\\xff"'],
    ['é😀', '"é😀"'],
  ])('%j', (s, want) => expect(goQuote(s)).toBe(want));

  it('reads back through the parser for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
        const clean = s.replace(/[\ud800-\udfff]/g, (c) => (c >= '\udc80' && c <= '\udcff' ? c : '\ufffd'));
        const e = parseExpr(goQuote(clean));
        expect(e.type === 'stringLiteral' && e.val).toBe(clean);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('parseNumber', () => {
  it.each<[string, number | undefined]>([
    ['0x_1f', 31],
    ['0_17', 15],
    ['08', 8],
    ['1_000.000_1', 1000.0001],
    ['9007199254740993', 9007199254740992],
    ['1e400', Infinity],
    ['.', undefined],
    ['1.2.3', undefined],
  ])('%s', (text, want) => expect(parseNumber(text)).toBe(want));
});
