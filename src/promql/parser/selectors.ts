/** Label matchers `{a="b", "c.d"=~"x"}` and grouping label lists `(a, "b.c")`. */
import { RE2JS } from 're2js';
import { compileRegex, MatcherError, type Matcher, type MatchType } from '../../model/matcher';
import type { Token } from './lexer';
import { goQuote, unquoteString } from './literals';
import type { TokenStream } from './stream';

const MATCH_OPS = new Set<string>(['=', '!=', '=~', '!~']);

/** parseLabelMatchers parses `{...}` (the current token is `{`) into matchers in written order. */
export function parseLabelMatchers(s: TokenStream): Matcher[] {
  s.next();
  const out: Matcher[] = [];
  if (s.peek().kind === '}') {
    s.next();
    return out;
  }
  for (;;) {
    out.push(labelMatcher(s));
    const t = s.peek();
    if (t.kind === '}') break;
    if (t.kind !== ',') s.unexpected('label matching', '"," or "}"');
    s.next();
    if (s.peek().kind === '}') break;
  }
  s.next();
  return out;
}

function labelMatcher(s: TokenStream): Matcher {
  const nameTok = s.peek();
  if (nameTok.kind !== 'IDENTIFIER' && nameTok.kind !== 'STRING') s.unexpected('label matching', 'identifier or "}"');
  s.next();
  const name = nameTok.kind === 'STRING' ? unquoteString(s.text(nameTok)) : s.text(nameTok);
  const opTok = s.peek();
  if (!MATCH_OPS.has(opTok.kind)) {
    if (nameTok.kind === 'STRING') return { type: '=', name: '__name__', value: name };
    s.unexpected('label matching', 'label matching operator');
  }
  s.next();
  const valueTok = s.peek();
  if (valueTok.kind !== 'STRING') s.unexpected('label matching', 'string');
  s.next();
  const m: Matcher = { type: opTok.kind as MatchType, name, value: unquoteString(s.text(valueTok)) };
  if (m.type === '=~' || m.type === '!~') checkRegex(s, m.value, nameTok, valueTok);
  return m;
}

function checkRegex(s: TokenStream, pattern: string, from: Token, to: Token): void {
  try {
    compileRegex(pattern);
  } catch (e) {
    if (!(e instanceof MatcherError)) throw e;
    let msg = e.message;
    try {
      RE2JS.compile(pattern);
    } catch (raw) {
      msg = (raw as Error).message;
    }
    s.addError({ start: from.start, end: to.end }, msg);
  }
}

/** isValidLabelName reports whether a label name is valid under UTF-8 names: non-empty, no lone surrogates. */
export function isValidLabelName(name: string): boolean {
  return name.length > 0 && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name);
}

/** parseGroupingLabels parses `(label, ...)` after by, without, on, ignoring, group_left or group_right. */
export function parseGroupingLabels(s: TokenStream): string[] {
  if (s.peek().kind !== '(') s.unexpected('grouping opts', '"("');
  s.next();
  const out: string[] = [];
  if (s.peek().kind === ')') {
    s.next();
    return out;
  }
  for (;;) {
    const t = s.peek();
    let name: string;
    if (t.kind === 'STRING') name = unquoteString(s.text(t));
    else if (t.kind === 'IDENTIFIER' || t.kind === 'METRIC_IDENTIFIER' || (t.kind === 'KEYWORD' && t.word !== 'without')) {
      name = s.text(t);
    } else s.unexpected('grouping opts', 'label');
    s.next();
    if (!isValidLabelName(name)) s.addError(t, `invalid label name for grouping: ${goQuote(name)}`);
    out.push(name);
    const sep = s.peek();
    if (sep.kind === ')') break;
    if (sep.kind !== ',') s.unexpected('grouping opts', '"," or ")"');
    s.next();
    if (s.peek().kind === ')') break;
  }
  s.next();
  return out;
}
