/**
 * The calculating transformations, with Grafana's semantics: reduce (series to rows, or reduce fields),
 * groupBy (group rows by fields, aggregate the others) and calculateField (reduce a row, a binary or a unary
 * operation, as a new field).
 */
import { reduceCells, reducerName } from './frame_reducers';
import { displayName, fieldType, frameLength, timeField, type Cell, type Field, type Frame } from './frames';
import type { Transformation } from './transform_model';
import { joinByField } from './transform_shape';

type Of<K extends Transformation['id']> = Extract<Transformation, { id: K }>;

/**
 * reduce reduces every field but time to its calculations: seriesToRows gives one table with a row per field
 * (`Field`, the labels when labelsToFields, one column per reducer named as Grafana names it); reduceFields keeps
 * each frame's fields with one value each (a `reducer` label tells several calculations apart).
 */
export function reduce(frames: Frame[], t: Of<'reduce'>): Frame[] {
  if (!t.reducers.length) return frames;
  const matches = (x: Field) => (t.mode === 'reduceFields' && t.includeTimeField) || fieldType(x) !== 'time';
  if (t.mode === 'reduceFields') {
    return frames.flatMap((f) => {
      const fields = f.fields.filter(matches).flatMap((x) => {
        const values = reduceCells(t.reducers, x.values);
        return t.reducers.map((r, i): Field => ({
          ...x,
          type: undefined,
          values: [values[i]],
          ...(t.reducers.length > 1 ? { labels: { ...x.labels, reducer: reducerName(r) } } : {}),
        }));
      });
      return fields.length ? [{ ...f, fields }] : [];
    });
  }
  if (!frames.length) return [];
  const labelKeys = t.labelsToFields ? [...new Set(frames.flatMap((f) => f.fields.flatMap((x) => Object.keys(x.labels ?? {}))))] : [];
  const names: Cell[] = [];
  const labels = labelKeys.map(() => [] as Cell[]);
  const calcs = t.reducers.map(() => [] as Cell[]);
  for (const f of frames) {
    for (const x of f.fields.filter(matches)) {
      names.push(t.labelsToFields ? x.name : displayName(x));
      labelKeys.forEach((k, i) => labels[i].push(x.labels?.[k] ?? null));
      reduceCells(t.reducers, x.values).forEach((v, i) => calcs[i].push(v));
    }
  }
  return [{
    refId: frames[0].refId,
    fields: [
      { name: 'Field', type: 'string', values: names },
      ...labelKeys.map((k, i): Field => ({ name: k, type: 'string', values: labels[i] })),
      ...t.reducers.map((r, i): Field => ({ name: reducerName(r), values: calcs[i] })),
    ],
  }];
}

/**
 * groupBy groups each frame's rows by the values of its `groupby` fields and reduces the other configured fields
 * per group (`name (reducer)` columns; count gives `name (count)`); frames without a groupby field are dropped.
 */
export function groupBy(frames: Frame[], t: Of<'groupBy'>): Frame[] {
  const opts = new Map(t.fields);
  const keys = t.fields.filter(([, o]) => o.operation === 'groupby').map(([n]) => n);
  if (!keys.length) return frames;
  const out: Frame[] = [];
  for (const f of frames) {
    const by = f.fields.filter((x) => keys.includes(displayName(x)));
    if (!by.length) continue;
    const groups = new Map<string, number[]>();
    for (let r = 0; r < frameLength(f); r++) {
      const k = String(by.map((x) => x.values[r]));
      const rows = groups.get(k) ?? [];
      rows.push(r);
      groups.set(k, rows);
    }
    const rowsOf = [...groups.values()];
    const fields: Field[] = by.map((x) => ({ ...x, values: rowsOf.map((rows) => x.values[rows[0]]) }));
    for (const x of f.fields) {
      const name = displayName(x);
      const o = opts.get(name);
      if (!o || o.operation === 'groupby' || o.operation === null) continue;
      if (o.operation === 'takefirst' || o.operation === 'takelast') {
        fields.push({ ...x, values: rowsOf.map((rows) => x.values[o.operation === 'takefirst' ? rows[0] : rows[rows.length - 1]]) });
        continue;
      }
      const aggs = o.operation === 'count' ? ['count'] : o.aggregations;
      const results = rowsOf.map((rows) => reduceCells(aggs, rows.map((r) => x.values[r])));
      aggs.forEach((a, i) => fields.push({ name: `${name} (${a})`, values: results.map((res) => res[i]) }));
    }
    out.push({ refId: f.refId, fields });
  }
  return out;
}

const BINARY: Record<Of<'calculateField'>['binary']['operator'], (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
};

const UNARY: Record<Of<'calculateField'>['unary']['operator'], (a: number) => number> = {
  abs: Math.abs,
  exp: Math.exp,
  ln: Math.log,
  floor: Math.floor,
  ceil: Math.ceil,
};

/** calculateFieldName is the new field's name: the alias, else Grafana's default for the mode. */
export function calculateFieldName(t: Of<'calculateField'>): string {
  if (t.alias) return t.alias;
  if (t.mode === 'binary') return `${t.binary.left} ${t.binary.operator} ${t.binary.right}`;
  if (t.mode === 'unary') return `${t.unary.operator}(${t.unary.fieldName})`;
  return reducerName(t.reduce.reducer);
}

function operand(f: Frame, name: string): Cell[] | undefined {
  if (!name) return undefined;
  const x = f.fields.find((y) => displayName(y) === name);
  if (x) return x.values;
  const n = parseFloat(name);
  return Number.isNaN(n) ? undefined : new Array<Cell>(frameLength(f)).fill(n);
}

function num(v: Cell): number | null {
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
}

function calculate(f: Frame, t: Of<'calculateField'>): Cell[] | undefined {
  if (t.mode === 'binary') {
    const left = operand(f, t.binary.left);
    const right = operand(f, t.binary.right);
    if (!left || !right) return undefined;
    return left.map((l, i) => {
      const a = num(l);
      const b = num(right[i]);
      return a === null || b === null ? null : BINARY[t.binary.operator](a, b);
    });
  }
  if (t.mode === 'unary') {
    const src = operand(f, t.unary.fieldName);
    return src?.map((v) => (num(v) === null ? null : UNARY[t.unary.operator](num(v)!)));
  }
  const cols = f.fields.filter((x) => (t.reduce.include.length ? t.reduce.include.includes(displayName(x)) : fieldType(x) === 'number'));
  return Array.from({ length: frameLength(f) }, (_, r) => reduceCells([t.reduce.reducer], cols.map((x) => x.values[r]))[0]);
}

/** calculateField adds a field computed per row (time series are joined on time first, unless timeSeries is false). */
export function calculateField(frames: Frame[], t: Of<'calculateField'>): Frame[] {
  let data = frames;
  if (t.timeSeries && frames.length > 1 && frames.every((f) => timeField(f))) {
    const name = displayName(timeField(frames[0])!);
    if (frames.every((f) => f.fields.some((x) => displayName(x) === name))) data = joinByField(frames, { id: 'joinByField', byField: name, mode: 'outer' });
  }
  return data.map((f) => {
    const values = calculate(f, t);
    if (!values) return f;
    const field: Field = { name: calculateFieldName(t), type: 'number', values };
    if (!t.replaceFields) return { ...f, fields: [...f.fields, field] };
    const time = t.timeSeries ? timeField(f) : undefined;
    return { ...f, fields: time ? [time, field] : [field] };
  });
}
