/** Number formatting as Go's `%g` verb writes it, for annotation and error texts that must read as upstream's. */

/** formatGoG writes x as Go's `fmt.Sprintf("%g", x)`: shortest digits, exponent form below 1e-4 or from 1e6 on. */
export function formatGoG(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  return exp < -4 || exp >= 6 ? goExponent(mantissa, exp) : String(x);
}

function goExponent(mantissa: string, exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  const abs = Math.abs(exp);
  return `${mantissa}e${sign}${abs < 10 ? '0' : ''}${abs}`;
}
