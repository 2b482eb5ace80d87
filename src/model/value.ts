/**
 * Sample values and the staleness marker.
 *
 * Prometheus marks staleness with a NaN whose bits are 0x7ff0000000000002. V8 may quiet a signalling NaN when a
 * number is stored in a plain array or crosses structuredClone (0x7ff8000000000002), so isStaleNaN accepts both
 * forms and the writers (chunks, export) always write the canonical bits.
 */

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/** STALE_NAN_HI and STALE_NAN_LO are the canonical 32-bit halves of Prometheus's stale marker. */
export const STALE_NAN_HI = 0x7ff00000;
export const STALE_NAN_LO = 0x00000002;

/** STALE_NAN is the stale marker as a JS number (its payload survives typed arrays, not every path). */
export const STALE_NAN: number = (() => {
  scratchWords[0] = STALE_NAN_LO;
  scratchWords[1] = STALE_NAN_HI;
  return scratch[0];
})();

/** isStaleNaN reports whether v is a stale marker (canonical or quieted). */
export function isStaleNaN(v: number): boolean {
  if (v === v) return false;
  scratch[0] = v;
  return scratchWords[0] === STALE_NAN_LO && (scratchWords[1] === STALE_NAN_HI || scratchWords[1] === 0x7ff80000);
}

/** isStaleWords reports whether the two 32-bit halves (low, high) are a stale marker. */
export function isStaleWords(lo: number, hi: number): boolean {
  return lo === STALE_NAN_LO && (hi === STALE_NAN_HI || hi === 0x7ff80000);
}

/** formatValue renders a float as the Prometheus API does: Go's shortest 'f' format, never an exponent; "NaN", "+Inf", "-Inf". */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const s = String(x);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, d0, rest = '', expText] = m;
  const digits = d0 + rest;
  const exp = Number(expText);
  if (exp >= 0) {
    const intLen = exp + 1;
    return (
      sign +
      (digits.length <= intLen ? digits + '0'.repeat(intLen - digits.length) : `${digits.slice(0, intLen)}.${digits.slice(intLen)}`)
    );
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** parseValue parses the API's value strings back to floats ("NaN", "+Inf", "-Inf", numbers). */
export function parseValue(s: string): number {
  switch (s) {
    case 'NaN':
      return NaN;
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(s);
  }
}
