/**
 * Grafana's colour names (thresholds, fixed colours, mappings name them: `green`, `dark-red`, `semi-dark-orange`)
 * resolved to CSS colours, and the classic series palette (`palette-classic`).
 */

const HUES: Record<string, [string, string, string, string, string]> = {
  // super-light, light, base, semi-dark, dark
  red: ['#FFA6B0', '#FF7383', '#F2495C', '#E02F44', '#C4162A'],
  orange: ['#FFCB7D', '#FFB357', '#FF9830', '#FF780A', '#FA6400'],
  yellow: ['#FFF899', '#FFEE52', '#FADE2A', '#F2CC0C', '#E0B400'],
  green: ['#C8F2C2', '#96D98D', '#73BF69', '#56A64B', '#37872D'],
  blue: ['#C0D8FF', '#8AB8FF', '#5794F2', '#3274D9', '#1F60C4'],
  purple: ['#DEB6F2', '#CA95E5', '#B877D9', '#A352CC', '#8F3BB8'],
};

const SHADES = ['super-light-', 'light-', '', 'semi-dark-', 'dark-'];

/** GRAFANA_COLORS maps each Grafana colour name to a CSS colour. */
export const GRAFANA_COLORS: ReadonlyMap<string, string> = new Map([
  ...Object.entries(HUES).flatMap(([hue, shades]) => shades.map((c, i) => [`${SHADES[i]}${hue}`, c] as [string, string])),
  ['transparent', 'transparent'],
  ['text', 'currentColor'],
]);

/** CLASSIC_PALETTE is the palette of Grafana's `palette-classic` colour mode (series colours in order). */
export const CLASSIC_PALETTE: readonly string[] = [
  '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#705DA0', '#37872D', '#FADE2A',
  '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477', '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F',
  '#F29191', '#82B5D8', '#E5A8E2', '#AEA2E0', '#629E51', '#E5AC0E', '#64B0C8', '#E0752D', '#BF1B00', '#0A50A1',
  '#962D82', '#614D93', '#9AC48A', '#F2C96D', '#65C5DB', '#F9934E', '#EA6460', '#5195CE', '#D683CE', '#806EB7',
  '#3F6833', '#967302', '#2F575E', '#99440A', '#58140C', '#052B51', '#511749', '#3F2B5B', '#E0F9D7', '#FCEACA',
  '#CFFAFF', '#F9E2D2', '#FCE2DE', '#BADFF4', '#F9D9F9', '#DEDAF7',
];

/** CONTINUOUS_SCHEMES are the stops of Grafana's `continuous-*` colour modes, from min to max. */
export const CONTINUOUS_SCHEMES: ReadonlyMap<string, readonly string[]> = new Map([
  ['GrYlRd', ['#73BF69', '#FADE2A', '#F2495C']],
  ['RdYlGr', ['#F2495C', '#FADE2A', '#73BF69']],
  ['BlYlRd', ['#5794F2', '#FADE2A', '#F2495C']],
  ['YlRd', ['#FADE2A', '#F2495C']],
  ['BlPu', ['#5794F2', '#B877D9']],
  ['YlBl', ['#FADE2A', '#5794F2']],
  ['blues', ['#C0D8FF', '#1F60C4']],
  ['reds', ['#FFA6B0', '#C4162A']],
  ['greens', ['#C8F2C2', '#37872D']],
  ['purples', ['#DEB6F2', '#8F3BB8']],
]);

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** continuousColor is the colour at frac (0 to 1, clamped) along a continuous scheme; '' for an unknown scheme. */
export function continuousColor(scheme: string, frac: number): string {
  const stops = CONTINUOUS_SCHEMES.get(scheme);
  if (!stops) return '';
  const f = Number.isFinite(frac) ? Math.min(1, Math.max(0, frac)) : 0;
  const pos = f * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  const t = pos - i;
  const [a, b] = [hexRgb(stops[i]), hexRgb(stops[i + 1])];
  const mix = a.map((x, k) => Math.round(x + (b[k] - x) * t).toString(16).padStart(2, '0'));
  return `#${mix.join('')}`.toUpperCase();
}

/** nameColor is `palette-classic-by-name`: a palette colour chosen by a hash of the series name, stable across queries. */
export function nameColor(name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return CLASSIC_PALETTE[h % CLASSIC_PALETTE.length];
}

/**
 * colorValue resolves a Grafana colour name; CSS colours (`#rgb`, `rgb()`, `hsl()`, keywords) pass through and
 * anything else gives '', so no imported text reaches a style attribute (no `url(...)`, no `;`).
 */
export function colorValue(name: string | undefined): string {
  if (!name) return '';
  const named = GRAFANA_COLORS.get(name);
  if (named) return named;
  if (/^#[0-9a-f]{3,8}$/i.test(name) || /^(rgba?|hsla?)\([\d\s.,%]+\)$/i.test(name) || /^[a-z]{3,20}$/i.test(name)) return name;
  return '';
}

/** seriesColor is the classic palette colour of the series at index. */
export function seriesColor(index: number): string {
  return CLASSIC_PALETTE[((index % CLASSIC_PALETTE.length) + CLASSIC_PALETTE.length) % CLASSIC_PALETTE.length];
}
