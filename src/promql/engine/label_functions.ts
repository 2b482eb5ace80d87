/** Functions over label sets and result order: label_replace, label_join, sort, sort_desc, sort_by_label(_desc). */
import type { FloatHistogram } from '../../model/histogram';
import { METRIC_NAME, compareLabels, labelsGet, labelsKey, type Labels } from '../../model/labels';
import { MatcherError, compileRegex } from '../../model/matcher';
import { isValidLabelName } from '../parser';
import { setLabel } from './aggregate';
import { evalError } from './context';
import { natsortLess } from './functions';
import type { Grid, StepSeries } from './types';

/** expandTemplate expands `$1`, `${name}` and `$$` in a replacement as Go's regexp.Expand does. */
export function expandTemplate(template: string, group: (name: string | number) => string | null): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let next: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      name = close < 0 ? '' : template.slice(i + 2, close);
      if (close < 0 || !/^\w+$/.test(name)) {
        out += '$';
        continue;
      }
      next = close;
    } else {
      const m = /^\w+/.exec(template.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      name = m[0];
      next = i + m[0].length;
    }
    out += (/^\d+$/.test(name) ? group(Number(name)) : group(name)) ?? '';
    i = next;
  }
  return out;
}

/** mergeSameLabels joins series that now share a label set; overlapping steps are an error, as in Prometheus. */
export function mergeSameLabels(series: StepSeries[], g: Grid): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const k = labelsKey(s.labels);
    const prev = byKey.get(k);
    if (!prev) {
      byKey.set(k, s);
      out.push(s);
      continue;
    }
    for (let i = 0; i < g.n; i++) {
      const h = s.h?.[i];
      if (!s.ok[i] && !h) continue;
      if (prev.ok[i] || prev.h?.[i]) throw evalError('vector cannot contain metrics with the same labelset');
      if (h) (prev.h ??= new Array<FloatHistogram | undefined>(g.n).fill(undefined))[i] = h;
      else {
        prev.v[i] = s.v[i];
        prev.ok[i] = 1;
      }
    }
  }
  return out;
}

function relabelled(s: StepSeries, labels: Labels, dst: string): StepSeries {
  return { labels, dropName: dst === METRIC_NAME ? false : s.dropName, v: s.v.slice(), ok: s.ok.slice(), ...(s.h ? { h: s.h.slice() } : {}) };
}

/** labelReplace implements label_replace(v, dst, replacement, src, regex). */
export function labelReplace(input: StepSeries[], dst: string, repl: string, src: string, regex: string, g: Grid): StepSeries[] {
  let re;
  try {
    re = compileRegex(regex);
  } catch (e) {
    if (e instanceof MatcherError) throw evalError(`invalid regular expression in label_replace(): ${regex}`);
    throw e;
  }
  if (!isValidLabelName(dst)) throw evalError(`invalid destination label name in label_replace(): ${dst}`);
  const out = input.map((s) => {
    const value = labelsGet(s.labels, src);
    const m = re.matcher(value);
    if (!m.matches()) return s;
    const res = expandTemplate(repl, (name) => {
      try {
        return m.group(name as never);
      } catch {
        return null;
      }
    });
    return relabelled(s, setLabel(s.labels, dst, res), dst);
  });
  return mergeSameLabels(out, g);
}

/** labelJoin implements label_join(v, dst, separator, src...). */
export function labelJoin(input: StepSeries[], dst: string, sep: string, src: string[], g: Grid): StepSeries[] {
  for (const s of src) if (!isValidLabelName(s)) throw evalError(`invalid source label name in label_join(): ${s}`);
  if (!isValidLabelName(dst)) throw evalError(`invalid destination label name in label_join(): ${dst}`);
  const out = input.map((s) => {
    const value = src.map((n) => labelsGet(s.labels, n)).join(sep);
    return relabelled(s, setLabel(s.labels, dst, value), dst);
  });
  return mergeSameLabels(out, g);
}

function firstValue(s: StepSeries): number {
  const i = s.ok.indexOf(1);
  return i < 0 ? NaN : s.v[i];
}

/** sortByValue orders an instant vector by value (NaN last either way). */
export function sortByValue(input: StepSeries[], desc: boolean): StepSeries[] {
  return [...input].sort((a, b) => {
    const x = firstValue(a);
    const y = firstValue(b);
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return desc ? y - x : x - y;
  });
}

/** sortByLabel orders an instant vector by the given labels' values (natural order), then by the whole set. */
export function sortByLabel(input: StepSeries[], names: string[], desc: boolean): StepSeries[] {
  const sign = desc ? -1 : 1;
  return [...input].sort((a, b) => {
    for (const n of names) {
      const x = labelsGet(a.labels, n);
      const y = labelsGet(b.labels, n);
      if (x === y) continue;
      return natsortLess(x, y) ? -sign : sign;
    }
    return sign * compareLabels(a.labels, b.labels);
  });
}
