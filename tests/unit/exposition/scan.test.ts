/** The number grammars and the escape decoder. */
import { describe, expect, it } from 'vitest';
import { codeUnits, parseNumber, parseSecondsToMs, sameBytes, scanNameCodes, scanPlainValueCodes, unescape, type NumberSyntax } from '../../../src/exposition/scan';

const NUMBERS: readonly [string, NumberSyntax, number | undefined][] = [
  ['1', 'openmetrics', 1],
  ['-1.5', 'openmetrics', -1.5],
  ['+2', 'openmetrics', 2],
  ['.5', 'openmetrics', 0.5],
  ['5.', 'openmetrics', 5],
  ['1e3', 'openmetrics', 1000],
  ['1E-3', 'openmetrics', 0.001],
  ['0000001.2e-1', 'openmetrics', 0.12],
  ['9223372036854775808', 'openmetrics', 9223372036854775808],
  ['0.1', 'openmetrics', 0.1],
  ['123456789.123456789', 'openmetrics', 123456789.123456789],
  ['1.7976931348623157e308', 'openmetrics', 1.7976931348623157e308],
  ['5e-324', 'openmetrics', 5e-324],
  ['NaN', 'openmetrics', NaN],
  ['nan', 'openmetrics', NaN],
  ['+Inf', 'openmetrics', Infinity],
  ['-Inf', 'openmetrics', -Infinity],
  ['Inf', 'openmetrics', Infinity],
  ['+Infinity', 'openmetrics', Infinity],
  ['-NaN', 'openmetrics', undefined],
  ['', 'openmetrics', undefined],
  ['-', 'openmetrics', undefined],
  ['.', 'openmetrics', undefined],
  ['1e', 'openmetrics', undefined],
  ['1_2', 'openmetrics', undefined],
  ['0x1p-3', 'openmetrics', undefined],
  ['0x1p-3', 'go', 0.125],
  ['0X1.8P1', 'go', 3],
  ['0x1', 'go', undefined],
  ['1.5', 'timestamp', 1.5],
  ['Inf', 'timestamp', undefined],
  ['NaN', 'timestamp', undefined],
];

describe('parseNumber', () => {
  it.each(NUMBERS)('%j as %s', (text, syntax, want) => {
    expect(parseNumber(text, 0, text.length, syntax)).toBe(want);
  });

  it('reads inside a range without slicing', () => {
    expect(parseNumber('xx12.5yy', 2, 6, 'openmetrics')).toBe(12.5);
  });

  it('agrees with Number on many decimals', () => {
    for (let i = 0; i < 2000; i++) {
      const text = (Math.random() * 10 ** ((i % 30) - 10)).toPrecision(1 + (i % 17));
      expect(parseNumber(text, 0, text.length, 'openmetrics')).toBe(Number(text));
    }
  });
});

const SECONDS: readonly [string, number | undefined][] = [
  ['1', 1000],
  ['1.5', 1500],
  ['1.001', 1001],
  ['0.0019', 1],
  ['-1.25', -1250],
  ['1.5e3', 1500000],
  ['000', 0],
  ['1700000000.123456', 1700000000123],
  ['x', undefined],
];

describe('parseSecondsToMs', () => {
  it.each(SECONDS)('%j', (text, want) => {
    expect(parseSecondsToMs(text, 0, text.length)).toBe(want);
  });
});

const ESCAPES: readonly [string, boolean, string][] = [
  ['plain', true, 'plain'],
  ['a\\\\b', true, 'a\\b'],
  ['a\\nb', true, 'a\nb'],
  ['a\\"b', true, 'a"b'],
  ['a\\"b', false, 'a\\"b'],
  ['a\\zb', true, 'a\\zb'],
  ['end\\', true, 'end\\'],
  ['\\\\n', true, '\\n'],
];

describe('unescape', () => {
  it.each(ESCAPES)('%j (quotes %s)', (text, quotes, want) => {
    expect(unescape(text, 0, text.length, quotes)).toBe(want);
  });
});

const CODE_UNITS: readonly [string, number[], boolean][] = [
  ['ab', [97, 98, 0, 0], true],
  ['', [0, 0], true],
  ['aé"', [97, 128, 34, 0, 0], false],
  ['\u{1F600}x', [128, 128, 120, 0, 0], false],
];

describe('codeUnits and the byte scanners', () => {
  it.each(CODE_UNITS)('%j', (text, want, ascii) => {
    expect([...codeUnits(text).bytes]).toEqual(want);
    expect(codeUnits(text).ascii).toBe(ascii);
  });

  it('scanNameCodes stops at the first character that is not in a metric name, and at the end', () => {
    expect(scanNameCodes(codeUnits('job:up_1{x').bytes, 0)).toBe(8);
    expect(scanNameCodes(codeUnits('abcé').bytes, 0)).toBe(3);
    expect(scanNameCodes(codeUnits('abc').bytes, 1)).toBe(3);
  });

  it('scanPlainValueCodes stops at a quote, a backslash, a newline or the end', () => {
    for (const [text, want] of [['ab"', 2], ['a\\"', 1], ['a\n"', 1], ['aé', 2]] as const) {
      expect(scanPlainValueCodes(codeUnits(text).bytes, 0)).toBe(want);
    }
  });

  it('sameBytes compares ranges of any length', () => {
    const view = new DataView(codeUnits('abcdefghi|abcdefgh!').bytes.buffer);
    expect(sameBytes(view, 0, 10, 8)).toBe(true);
    expect(sameBytes(view, 0, 10, 9)).toBe(false);
    expect(sameBytes(view, 1, 11, 3)).toBe(true);
    expect(sameBytes(view, 0, 10, 0)).toBe(true);
  });
});
