/**
 * postingsForMatchers resolves label matchers to series refs through the inverted index, with Prometheus's
 * semantics: a matcher that accepts the empty string also selects series lacking the label, and negative matchers
 * subtract rather than scan.
 */
import { compileMatcher, type CompiledMatcher, type Matcher } from '../../model/matcher';
import type { MemPostings } from './mempostings';
import { intersect, merge, without, type Postings } from './postings';

const INVERSE: Record<Matcher['type'], Matcher['type']> = { '=': '!=', '!=': '=', '=~': '!~', '!~': '=~' };

/** postingsForMatchers returns the sorted refs of series matching every matcher. */
export function postingsForMatchers(ix: MemPostings, matchers: readonly Matcher[]): Postings {
  const its: Postings[] = [];
  const notIts: Postings[] = [];
  for (const raw of matchers) {
    if (raw.type === '=~' && raw.value === '.*') continue;
    const m = compileMatcher(raw);
    const matchesEmpty = m.matches('');
    const isNot = m.type === '!=' || m.type === '!~';
    if (isNot && matchesEmpty) {
      notIts.push(postingsForMatcher(ix, compileMatcher({ ...raw, type: INVERSE[raw.type] })));
    } else if (isNot) {
      its.push(inversePostingsForMatcher(ix, compileMatcher({ ...raw, type: INVERSE[raw.type] })));
    } else if (matchesEmpty) {
      notIts.push(inversePostingsForMatcher(ix, m));
    } else {
      its.push(postingsForMatcher(ix, m));
    }
    if (its.length > 0 && its[its.length - 1].length === 0) return its[its.length - 1];
  }
  if (its.length === 0) its.push(ix.allPostings());
  let out = intersect(its);
  for (const n of notIts) out = without(out, n);
  return out;
}

/** postingsForMatcher returns the refs of series that have the label with a value the matcher accepts. */
function postingsForMatcher(ix: MemPostings, m: CompiledMatcher): Postings {
  if (m.type === '=') return ix.get(m.name, m.value);
  if (m.setMatches) return merge(m.setMatches.map((v) => ix.get(m.name, v)));
  const values = ix.values(m.name);
  if (!values) return [];
  const lists: Postings[] = [];
  for (const [v, refs] of values) if (m.matches(v)) lists.push(refs);
  return merge(lists);
}

/** inversePostingsForMatcher returns the refs of series that have the label with a value the matcher rejects. */
function inversePostingsForMatcher(ix: MemPostings, m: CompiledMatcher): Postings {
  const values = ix.values(m.name);
  if (!values) return [];
  const lists: Postings[] = [];
  for (const [v, refs] of values) if (!m.matches(v)) lists.push(refs);
  return merge(lists);
}
