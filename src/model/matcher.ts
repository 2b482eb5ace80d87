/** Label matchers: the four PromQL matcher kinds, compiled with RE2 semantics for regular expressions. */
import { RE2JS } from 're2js';

/** MatchType is one of PromQL's four matcher operators. */
export type MatchType = '=' | '!=' | '=~' | '!~';

/** Matcher is a label matcher as plain data; it crosses postMessage unchanged. */
export interface Matcher {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** CompiledMatcher tests label values; regular expressions are fully anchored and run in linear time. */
export interface CompiledMatcher extends Matcher {
  matches(value: string): boolean;
  /** setMatches lists the exact values an `=~` matcher accepts when it is a plain alternation, else null. */
  readonly setMatches: readonly string[] | null;
  /** prefix is a literal prefix every accepted value has ('' when none is known). */
  readonly prefix: string;
}

/** MatcherError reports an invalid regular expression. */
export class MatcherError extends Error {}

const cache = new Map<string, RE2JS>();

/** compileRegex compiles an RE2 pattern anchored at both ends; `(?i)` and other RE2 flags work. */
export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  try {
    re = RE2JS.compile(`^(?:${pattern})$`, RE2JS.DOTALL);
  } catch (e) {
    throw new MatcherError(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

const LITERAL = /^[A-Za-z0-9_:\-. /]*$/;

function literalAlternatives(pattern: string): string[] | null {
  if (pattern.startsWith('(?')) return null;
  const alts = pattern.split('|');
  for (const a of alts) if (!LITERAL.test(a) || a.includes('.')) return null;
  return alts;
}

function literalPrefix(pattern: string): string {
  const m = /^[A-Za-z0-9_:\-/ ]*/.exec(pattern);
  let p = m ? m[0] : '';
  // a quantifier applies to the character before it, so that character is not a sure prefix
  const next = pattern[p.length];
  if (next === '?' || next === '*' || next === '{') p = p.slice(0, -1);
  if (pattern.includes('|')) return '';
  return p;
}

/** compileMatcher turns a Matcher into a CompiledMatcher. */
export function compileMatcher(m: Matcher): CompiledMatcher {
  const { type, name, value } = m;
  if (type === '=') return { type, name, value, setMatches: [value], prefix: value, matches: (v) => v === value };
  if (type === '!=') return { type, name, value, setMatches: null, prefix: '', matches: (v) => v !== value };
  const set = literalAlternatives(value);
  if (set) {
    const s = new Set(set);
    const pos = (v: string) => s.has(v);
    return type === '=~'
      ? { type, name, value, setMatches: set, prefix: '', matches: pos }
      : { type, name, value, setMatches: null, prefix: '', matches: (v) => !pos(v) };
  }
  const re = compileRegex(value);
  const prefix = literalPrefix(value);
  const test = (v: string) => (prefix === '' || v.startsWith(prefix)) && re.matches(v);
  return type === '=~'
    ? { type, name, value, setMatches: null, prefix, matches: test }
    : { type, name, value, setMatches: null, prefix: '', matches: (v) => !test(v) };
}

/** matchesEmpty reports whether the matcher accepts the empty string (so it also selects series lacking the label). */
export function matchesEmpty(m: CompiledMatcher): boolean {
  return m.matches('');
}
