/**
 * WCAG 2 colour contrast: parse CSS colours (hex, rgb(), rgba(), as getComputedStyle writes them), blend
 * translucent layers, relative luminance and the contrast ratio (1 to 21). Used by the theme contrast test and
 * available to panels that must pick a readable text colour.
 */

/** RGBA is a colour with channels 0 to 255 and alpha 0 to 1. */
export interface RGBA {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** parseColor reads `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb(...)` or `rgba(...)` (comma or space syntax); null otherwise. */
export function parseColor(css: string): RGBA | null {
  const s = css.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return null;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (!fn) return null;
  const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
  if (parts.length < 3) return null;
  const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
  const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
  const [r, g, b] = parts.slice(0, 3).map(channel);
  if ([r, g, b, alpha].some((x) => Number.isNaN(x))) return null;
  return { r, g, b, a: alpha };
}

/** blend lays a (possibly translucent) colour over an opaque one. */
export function blend(top: RGBA, under: RGBA): RGBA {
  const a = top.a;
  return { r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a), b: top.b * a + under.b * (1 - a), a: 1 };
}

/** relativeLuminance is WCAG's luminance of an opaque sRGB colour, 0 (black) to 1 (white). */
export function relativeLuminance(c: RGBA): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** contrastRatio is WCAG's (L1 + 0.05) / (L2 + 0.05) of text over an opaque background; translucent text is blended first. */
export function contrastRatio(text: RGBA, background: RGBA): number {
  const fg = text.a < 1 ? blend(text, background) : text;
  const l1 = relativeLuminance(fg);
  const l2 = relativeLuminance(background);
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

function css(c: RGBA): string {
  return `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
}

/**
 * readableColor keeps a data colour (a threshold's green, say) for text when it reads at `min` contrast on the
 * background, and otherwise mixes it toward black (on light backgrounds) or white (on dark ones) just enough that it
 * does; so light-theme stat values stay recognisably green yet legible. Unparseable input comes back unchanged.
 */
export function readableColor(color: string, background: string, min = 4.5): string {
  const fg = parseColor(color);
  const bg = parseColor(background);
  if (!fg || !bg || bg.a < 1) return color;
  const solid = fg.a < 1 ? blend(fg, bg) : fg;
  if (contrastRatio(solid, bg) >= min) return color;
  const toward = relativeLuminance(bg) > 0.18 ? { r: 0, g: 0, b: 0, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
  for (let t = 0.05; t < 1; t += 0.05) {
    const mixed = blend({ ...toward, a: t }, solid);
    if (contrastRatio(mixed, bg) >= min) return css(mixed);
  }
  return css(toward);
}

/** contrastText is white or black, whichever reads better on the given background colour (text on a coloured fill). */
export function contrastText(background: string): string {
  const bg = parseColor(background);
  if (!bg) return '#ffffff';
  const white = contrastRatio({ r: 255, g: 255, b: 255, a: 1 }, bg);
  const black = contrastRatio({ r: 0, g: 0, b: 0, a: 1 }, bg);
  return white >= black ? '#ffffff' : '#000000';
}
