/**
 * The transformations that filter, sort and rename, with Grafana's semantics: filterByValue (rows), filterFieldsByName
 * (fields), sortBy, renameByRegex and prepareTimeSeries. User regexes run on RE2, as the variable regex does: a bare
 * pattern matches the whole name, `/pattern/flags` anywhere.
 */
import { displayName, fieldType, frameLength, timeField, type Cell, type Field, type Frame } from './frames';
import type { NameFilter, Transformation, ValueFilter } from './transform_model';
import { joinByField } from './transform_shape';
import { compileVariableRegex } from './variables';

type Of<K extends Transformation['id']> = Extract<Transformation, { id: K }>;

function regex(pattern: string): ((s: string) => boolean) | null {
  try {
    const re = compileVariableRegex(pattern);
    return (s) => re.matcher(s).find();
  } catch {
    return null;
  }
}

function num(v: Cell): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

function valueMatcher(f: ValueFilter): (v: Cell) => boolean {
  const want = f.value;
  const cmp = (test: (a: number, b: number) => boolean) => (v: Cell) => {
    const a = num(v);
    const b = num(want);
    return a !== null && b !== null && test(a, b);
  };
  switch (f.matcher) {
    case 'greater': return cmp((a, b) => a > b);
    case 'greaterOrEqual': return cmp((a, b) => a >= b);
    case 'lower': return cmp((a, b) => a < b);
    case 'lowerOrEqual': return cmp((a, b) => a <= b);
    case 'equal': return (v) => (num(v) !== null && num(want) !== null ? num(v) === num(want) : String(v) === String(want));
    case 'notEqual': return (v) => (num(v) !== null && num(want) !== null ? num(v) !== num(want) : String(v) !== String(want));
    case 'isNull': return (v) => v === null;
    case 'isNotNull': return (v) => v !== null;
    case 'range': return (v) => num(v) !== null && num(v)! > (f.from ?? -Infinity) && num(v)! < (f.to ?? Infinity);
    case 'regex': {
      const test = regex(`/${String(want ?? '')}/`);
      return (v) => !!test && v !== null && test(String(v));
    }
  }
}

/** filterByValue keeps (include) or drops (exclude) the rows where any or all of the filters match. */
export function filterByValue(frames: Frame[], t: Of<'filterByValue'>): Frame[] {
  if (!t.filters.length) return frames;
  return frames.map((f) => {
    const tests = t.filters.map((flt) => {
      const x = f.fields.find((y) => displayName(y) === flt.fieldName);
      const m = valueMatcher(flt);
      return (r: number) => (x ? m(x.values[r]) : false);
    });
    const keep: number[] = [];
    for (let r = 0; r < frameLength(f); r++) {
      const hit = t.match === 'all' ? tests.every((test) => test(r)) : tests.some((test) => test(r));
      if (hit === (t.type === 'include')) keep.push(r);
    }
    return { ...f, fields: f.fields.map((x) => ({ ...x, values: keep.map((r) => x.values[r]) })) };
  });
}

function nameMatcher(n: NameFilter): (x: Field) => boolean {
  const test = n.pattern ? regex(n.pattern) : null;
  return (x) => n.names.includes(displayName(x)) || (!!test && test(displayName(x)));
}

/** filterFieldsByName keeps the fields include matches and drops those exclude matches; emptied frames go. */
export function filterFieldsByName(frames: Frame[], t: Of<'filterFieldsByName'>): Frame[] {
  const include = t.include && nameMatcher(t.include);
  const exclude = t.exclude && nameMatcher(t.exclude);
  if (!include && !exclude) return frames;
  return frames.flatMap((f) => {
    const fields = f.fields.filter((x) => (!include || include(x)) && (!exclude || !exclude(x)));
    return fields.length ? [{ ...f, fields }] : [];
  });
}

function compare(a: Cell, b: Cell): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** sortBy orders each frame's rows by a field (frames without it stay as they are); nulls go last. */
export function sortBy(frames: Frame[], t: Of<'sortBy'>): Frame[] {
  return frames.map((f) => {
    const key = f.fields.find((x) => displayName(x) === t.field);
    if (!key) return f;
    const order = key.values.map((_, i) => i).sort((a, b) => {
      const c = compare(key.values[a], key.values[b]);
      return t.desc && key.values[a] !== null && key.values[b] !== null ? -c : c;
    });
    return { ...f, fields: f.fields.map((x) => ({ ...x, values: order.map((r) => x.values[r]) })) };
  });
}

/** renameByRegex renames the fields whose display name matches, with `$1`-style group references. */
export function renameByRegex(frames: Frame[], t: Of<'renameByRegex'>): Frame[] {
  let re: ReturnType<typeof compileVariableRegex>;
  try {
    re = compileVariableRegex(t.regex);
  } catch {
    return frames;
  }
  return frames.map((f) => ({
    ...f,
    fields: f.fields.map((x) => {
      const m = re.matcher(displayName(x));
      if (!m.find()) return x;
      m.reset();
      const to = re.global ? m.replaceAll(t.renamePattern) : m.replaceFirst(t.renamePattern);
      return { ...x, config: { ...x.config, displayName: to } };
    }),
  }));
}

function labelText(labels: Record<string, string>): string {
  const keys = Object.keys(labels);
  if (keys.length === 1) return labels[keys[0]];
  return `{${keys.map((k) => `${k}="${labels[k]}"`).join(', ')}}`;
}

/**
 * prepareTimeSeries reshapes frames for time series panels: `multi` makes one frame per numeric field (rows grouped
 * by the string fields, which become labels); `wide` joins all frames on time.
 */
export function prepareTimeSeries(frames: Frame[], t: Of<'prepareTimeSeries'>): Frame[] {
  if (t.format === 'wide') {
    if (frames.length < 2 || !frames.every((f) => timeField(f))) return frames;
    return joinByField(frames, { id: 'joinByField', byField: displayName(timeField(frames[0])!), mode: 'outer' });
  }
  return frames.flatMap((f) => {
    const time = timeField(f);
    if (!time) return [f];
    const strings = f.fields.filter((x) => fieldType(x) === 'string');
    const numbers = f.fields.filter((x) => fieldType(x) === 'number');
    const groups = new Map<string, number[]>();
    for (let r = 0; r < frameLength(f); r++) {
      const k = JSON.stringify(strings.map((x) => x.values[r]));
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return [...groups.values()].flatMap((rows) =>
      numbers.map((x): Frame => {
        const labels = Object.fromEntries(strings.map((s) => [s.name, String(s.values[rows[0]] ?? '')]));
        const named = strings.length ? { labels: { ...x.labels, ...labels }, config: { ...x.config, displayName: labelText(labels) } } : {};
        return {
          refId: f.refId,
          fields: [
            { ...time, values: rows.map((r) => time.values[r]) },
            { ...x, ...named, values: rows.map((r) => x.values[r]) },
          ],
        };
      }),
    );
  });
}
