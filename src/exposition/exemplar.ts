/** The OpenMetrics exemplar that may end a sample line: ` # {labels} value [timestamp]`. */
import { COMMA, EQUAL, LBRACE, QUOTE, RBRACE, SP, type Cursor } from './cursor';
import { LIMITS } from './limits';
import { isLabelStart, parseNumber, parseSecondsToMs, scanLabelName, unescape } from './scan';
import type { Exemplar } from './types';

/** scanExemplar reads an exemplar starting at the `#` under the cursor and leaves the cursor after it. */
export function scanExemplar(c: Cursor): Exemplar {
  const s = c.s;
  const at = c.pos;
  if (s.charCodeAt(at + 1) !== SP || s.charCodeAt(at + 2) !== LBRACE) c.fail(at, 'expected "# {" to start an exemplar');
  c.pos = at + 3;
  const labels: [string, string][] = [];
  let length = 0;
  for (;;) {
    let ch = s.charCodeAt(c.pos);
    if (ch === RBRACE && (labels.length === 0 || s.charCodeAt(c.pos - 1) !== COMMA)) {
      c.pos++;
      break;
    }
    const ns = c.pos;
    let name: string;
    if (isLabelStart(ch)) {
      c.pos = scanLabelName(s, ns + 1);
      name = s.slice(ns, c.pos);
    } else if (ch === QUOTE) {
      c.pos = c.quoted(ns);
      name = unescape(s, ns + 1, c.pos - 1, true);
    } else {
      c.fail(c.pos, 'expected exemplar label name');
    }
    if (s.charCodeAt(c.pos) !== EQUAL) c.fail(c.pos, `expected "=" after exemplar label name "${name}"`);
    const vs = ++c.pos;
    if (s.charCodeAt(vs) !== QUOTE) c.fail(vs, 'expected quoted exemplar label value');
    c.pos = c.quoted(vs);
    const value = unescape(s, vs + 1, c.pos - 1, true);
    if (labels.some(([n]) => n === name)) c.fail(ns, `duplicate exemplar label name "${name}"`);
    labels.push([name, value]);
    length += codePoints(name) + codePoints(value);
    if (length > LIMITS.exemplarRunes) c.fail(ns, `exemplar labels longer than ${LIMITS.exemplarRunes} characters`);
    ch = s.charCodeAt(c.pos);
    if (ch === COMMA) c.pos++;
    else if (ch !== RBRACE) c.fail(c.pos, 'expected "," or "}" in exemplar labels');
  }
  if (s.charCodeAt(c.pos) !== SP) c.fail(c.pos, 'expected " " and a value after the exemplar labels');
  const vs = ++c.pos;
  const ve = c.token();
  const value = parseNumber(s, vs, ve, 'openmetrics');
  if (value === undefined) c.fail(vs, `invalid exemplar value ${c.shown(vs, ve)}`);
  c.pos = ve;
  labels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (s.charCodeAt(c.pos) !== SP) return { labels: labels.flat(), value };
  const ts = ++c.pos;
  const te = c.token();
  const ms = parseSecondsToMs(s, ts, te);
  if (ms === undefined) c.fail(ts, `invalid exemplar timestamp ${c.shown(ts, te)}`);
  c.pos = te;
  return { labels: labels.flat(), value, ts: ms };
}

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff) n--;
  }
  return n;
}
