import { describe, expect, it } from 'vitest';
import { blend, contrastRatio, contrastText, parseColor, readableColor, relativeLuminance } from '../../../src/ui/lib/contrast';

describe('parseColor', () => {
  it.each([
    ['#fff', { r: 255, g: 255, b: 255, a: 1 }],
    ['#11121780', { r: 17, g: 18, b: 23, a: 128 / 255 }],
    ['#3d71d9', { r: 61, g: 113, b: 217, a: 1 }],
    ['rgb(204, 204, 220)', { r: 204, g: 204, b: 220, a: 1 }],
    ['rgba(36, 41, 46, 0.12)', { r: 36, g: 41, b: 46, a: 0.12 }],
    ['rgb(10 20 30 / 50%)', { r: 10, g: 20, b: 30, a: 0.5 }],
    ['transparent', { r: 0, g: 0, b: 0, a: 0 }],
  ])('%s', (css, want) => {
    const got = parseColor(css)!;
    expect(got.r).toBeCloseTo(want.r);
    expect(got.g).toBeCloseTo(want.g);
    expect(got.b).toBeCloseTo(want.b);
    expect(got.a).toBeCloseTo(want.a);
  });
  it.each(['', 'red', '#12', 'rgb(1,2)', 'hsl(0 0% 0%)', 'rgb(a,b,c)'])('refuses %j', (css) => {
    expect(parseColor(css)).toBeNull();
  });
});

describe('contrast', () => {
  const white = parseColor('#ffffff')!;
  const black = parseColor('#000000')!;
  it('has the WCAG end points', () => {
    expect(relativeLuminance(white)).toBeCloseTo(1);
    expect(relativeLuminance(black)).toBeCloseTo(0);
    expect(contrastRatio(black, white)).toBeCloseTo(21);
    expect(contrastRatio(white, white)).toBeCloseTo(1);
  });
  it('matches published ratios', () => {
    // #767676 on white is the classic 4.54:1 grey; #777 just fails AA at 4.48:1.
    expect(contrastRatio(parseColor('#767676')!, white)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(parseColor('#777777')!, white)).toBeCloseTo(4.48, 2);
    // Symmetric in its arguments.
    expect(contrastRatio(white, parseColor('#767676')!)).toBeCloseTo(4.54, 2);
  });
  it('blends translucent text over its background before measuring', () => {
    const half = parseColor('rgba(0, 0, 0, 0.5)')!;
    const mixed = blend(half, white);
    expect(mixed.r).toBeCloseTo(127.5);
    expect(contrastRatio(half, white)).toBeCloseTo(contrastRatio(mixed, white));
    expect(contrastRatio(parseColor('rgba(0,0,0,0)')!, white)).toBeCloseTo(1);
  });
});

describe('readableColor and contrastText', () => {
  it('keeps a colour that already reads well', () => {
    expect(readableColor('#73BF69', '#181b1f')).toBe('#73BF69');
    expect(readableColor('#24292e', '#ffffff')).toBe('#24292e');
  });
  it('darkens on light backgrounds and lightens on dark ones just enough', () => {
    const dark = readableColor('#73BF69', '#ffffff');
    const r1 = contrastRatio(parseColor(dark)!, parseColor('#ffffff')!);
    expect(r1).toBeGreaterThanOrEqual(4.5);
    expect(r1).toBeLessThan(5.5);
    const c = parseColor(dark)!;
    expect(c.g).toBeGreaterThan(c.r); // still green
    const light = readableColor('#1F60C4', '#111217');
    expect(contrastRatio(parseColor(light)!, parseColor('#111217')!)).toBeGreaterThanOrEqual(4.5);
  });
  it('leaves what it cannot read alone', () => {
    expect(readableColor('text', '#ffffff')).toBe('text');
    expect(readableColor('#73BF69', 'rgba(0,0,0,0)')).toBe('#73BF69');
  });
  it('contrastText picks the better of white and black', () => {
    expect(contrastText('#73BF69')).toBe('#000000');
    expect(contrastText('#C4162A')).toBe('#ffffff');
    expect(contrastText('#1F60C4')).toBe('#ffffff');
  });
});
