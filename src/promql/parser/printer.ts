/**
 * The single-line printer, in Prometheus's style (`sum by (job) (rate(x[5m]))`). Matchers keep their written order
 * and numbers their written text, so parsing the output gives back the same tree.
 */
import type { AtModifier, DurationExpr, Expr, VectorMatching, VectorSelector } from '../ast';
import type { Matcher } from '../../model/matcher';
import { isLegacyLabelName } from '../../model/labels';
import { goQuote } from './literals';

const UNITS: readonly (readonly [string, number, boolean])[] = [
  ['y', 31_536_000_000, true],
  ['w', 604_800_000, true],
  ['d', 86_400_000, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/** formatDuration writes ms as Prometheus prints durations: `1h30m`, `90d` (years and weeks only when exact). */
export function formatDuration(ms: number): string {
  if (ms < 0) return '-' + formatDuration(-ms);
  let rest = Math.floor(ms);
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size, exact] of UNITS) {
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** formatNumber writes a float as PromQL reads it back (`NaN`, `+Inf`, `-Inf`, shortest decimal otherwise). */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** formatLabelName quotes a label name that is not a legacy identifier. */
export function formatLabelName(name: string): string {
  return isLegacyLabelName(name) ? name : goQuote(name);
}

/** formatMatcher writes one matcher: `name="value"`. */
export function formatMatcher(m: Matcher): string {
  return `${formatLabelName(m.name)}${m.type}${goQuote(m.value)}`;
}

/** formatDurationExpr writes a duration expression. */
export function formatDurationExpr(d: DurationExpr): string {
  switch (d.type) {
    case 'durationLiteral':
      return d.text || formatDuration(d.ms);
    case 'durationCall':
      return `${d.fn}()`;
    case 'durationParen':
      return `(${formatDurationExpr(d.expr)})`;
    case 'durationUnary':
      return d.op + formatDurationExpr(d.expr);
    case 'durationMinMax':
      return `${d.fn}(${formatDurationExpr(d.lhs)}, ${formatDurationExpr(d.rhs)})`;
    case 'durationBinary':
      return `${formatDurationExpr(d.lhs)} ${d.op} ${formatDurationExpr(d.rhs)}`;
  }
}

function formatAt(at: AtModifier | null): string {
  if (!at) return '';
  return at.kind === 'timestamp' ? ` @ ${(at.ms / 1000).toFixed(3)}` : ` @ ${at.kind}()`;
}

function formatOffset(ms: number, expr: DurationExpr | null): string {
  if (expr) return ` offset ${formatDurationExpr(expr)}`;
  return ms === 0 ? '' : ` offset ${formatDuration(ms)}`;
}

function rangeModifier(vs: VectorSelector): string {
  return vs.anchored ? ' anchored' : vs.smoothed ? ' smoothed' : '';
}

/** formatSelector writes a selector without its modifiers: the name, then the matchers other than the name's own. */
export function formatSelector(vs: VectorSelector): string {
  const shown = vs.name === '' ? vs.matchers : vs.matchers.slice(0, -1);
  if (shown.length === 0) return vs.name === '' ? '{}' : vs.name;
  return `${vs.name}{${shown.map(formatMatcher).join(',')}}`;
}

// Words a grouping list cannot take bare: `without` is not a grouping label and `inf`/`nan` lex as numbers.
const RESERVED_IN_GROUPING = new Set(['without', 'inf', 'nan']);

/** formatGrouping writes a label list `(a, "b.c")`, quoting names that would not read back bare. */
export function formatGrouping(labels: readonly string[]): string {
  const one = (l: string) => (RESERVED_IN_GROUPING.has(l.toLowerCase()) ? goQuote(l) : formatLabelName(l));
  return `(${labels.map(one).join(', ')})`;
}

/** formatMatching writes the modifiers of a binary operation (` on (a) group_left (b) fill (0)`). */
export function formatMatching(m: VectorMatching | null): string {
  if (!m) return '';
  let out = '';
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  if (m.labels.length > 0 || m.on || grouped) out += ` ${m.on ? 'on' : 'ignoring'} ${formatGrouping(m.labels)}`;
  if (grouped) out += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'} ${formatGrouping(m.include)}`;
  const f = m.fillValues;
  if (f) {
    if (f.lhs !== null && f.rhs !== null && f.lhs === f.rhs) out += ` fill (${formatNumber(f.lhs)})`;
    else {
      if (f.lhs !== null) out += ` fill_left (${formatNumber(f.lhs)})`;
      if (f.rhs !== null) out += ` fill_right (${formatNumber(f.rhs)})`;
    }
  }
  return out;
}

/** formatAggregationHead writes `op by (labels) ` or `op without (labels) ` (the part before the arguments). */
export function formatAggregationHead(e: Extract<Expr, { type: 'aggregation' }>): string {
  if (!e.hasGrouping && e.grouping.length === 0 && !e.without) return e.op;
  return `${e.op} ${e.without ? 'without' : 'by'} ${formatGrouping(e.grouping)} `;
}

/** formatSuffix writes what follows a subquery's or matrix's inner expression: brackets and modifiers. */
export function formatSuffix(e: Expr): string {
  if (e.type === 'matrixSelector') {
    const vs = e.vectorSelector;
    const range = e.rangeExpr ? formatDurationExpr(e.rangeExpr) : formatDuration(e.range);
    return `[${range}]${rangeModifier(vs)}${formatAt(vs.at)}${formatOffset(vs.offset, vs.offsetExpr)}`;
  }
  if (e.type === 'subquery') {
    const range = e.rangeExpr ? formatDurationExpr(e.rangeExpr) : formatDuration(e.range);
    const step = e.stepExpr ? formatDurationExpr(e.stepExpr) : e.step ? formatDuration(e.step) : '';
    return `[${range}:${step}]${formatAt(e.at)}${formatOffset(e.offset, e.offsetExpr)}`;
  }
  if (e.type === 'vectorSelector') return `${formatAt(e.at)}${rangeModifier(e)}${formatOffset(e.offset, e.offsetExpr)}`;
  return '';
}

/** formatExpr prints an expression on one line. */
export function formatExpr(e: Expr): string {
  switch (e.type) {
    case 'aggregation': {
      const args = e.param ? `${formatExpr(e.param)}, ${formatExpr(e.expr)}` : formatExpr(e.expr);
      return `${formatAggregationHead(e)}(${args})`;
    }
    case 'binaryExpr': {
      const chain: Extract<Expr, { type: 'binaryExpr' }>[] = [];
      let cur: Expr = e;
      for (; cur.type === 'binaryExpr'; cur = cur.lhs) chain.push(cur);
      let out = formatExpr(cur);
      for (let i = chain.length - 1; i >= 0; i--) {
        const b = chain[i];
        out += ` ${b.op}${b.bool ? ' bool' : ''}${formatMatching(b.matching)} ${formatExpr(b.rhs)}`;
      }
      return out;
    }
    case 'call':
      return `${e.func}(${e.args.map(formatExpr).join(', ')})`;
    case 'matrixSelector':
      return formatSelector(e.vectorSelector) + formatSuffix(e);
    case 'subquery':
      return formatExpr(e.expr) + formatSuffix(e);
    case 'numberLiteral':
      return e.text !== '' ? e.text : formatNumber(e.val);
    case 'stringLiteral':
      return goQuote(e.val);
    case 'parenExpr':
      return `(${formatExpr(e.expr)})`;
    case 'unaryExpr':
      return e.op + formatExpr(e.expr);
    case 'vectorSelector':
      return formatSelector(e) + formatSuffix(e);
  }
}
