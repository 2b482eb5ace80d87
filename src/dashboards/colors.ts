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

/** CLASSIC_PALETTE is Grafana's classic series palette, in order. */
export const CLASSIC_PALETTE: readonly string[] = [
  '#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642', '#CCA300',
  '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477', '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F',
  '#F29191', '#82B5D8', '#E5A8E2', '#AEA2E0', '#629E51', '#E5AC0E', '#64B0C8', '#E0752D', '#BF1B00', '#0A50A1',
  '#962D82', '#614D93',
];

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
