/**
 * The transformations that reshape frames, with Grafana's semantics (fields matched by display name, a step that
 * does not apply returns its input): organize, joinByField, merge, concatenate, seriesToRows, labelsToFields.
 */
import { displayName, fieldType, frameLength, timeField, type Cell, type Field, type Frame } from './frames';
import type { Transformation } from './transform_model';

/** Step is one transformation's function. */
export type Step<K extends Transformation['id']> = (frames: Frame[], t: Extract<Transformation, { id: K }>) => Frame[];

/** organize reorders (indexByName; unlisted fields keep their order after the listed ones), excludes and renames. */
export const organize: Step<'organize'> = (frames, t) => {
  const exclude = new Set(t.excludeByName);
  const index = new Map(t.indexByName);
  const rename = new Map(t.renameByName);
  return frames.map((f) => {
    const kept = f.fields.filter((x) => !exclude.has(displayName(x)));
    const ordered = kept
      .map((x, i) => ({ x, i }))
      .sort((a, b) => (index.get(displayName(a.x)) ?? kept.length + a.i) - (index.get(displayName(b.x)) ?? kept.length + b.i))
      .map(({ x }) => {
        const to = rename.get(displayName(x));
        return to ? { ...x, config: { ...x.config, displayName: to } } : x;
      });
    return { ...f, fields: ordered };
  });
};

function keyOf(v: Cell): string {
  return `${typeof v}:${String(v)}`;
}

/** joinByField joins frames on a field's values: outer keeps every key, inner only keys in every frame. */
export const joinByField: Step<'joinByField'> = (frames, t) => {
  const withKey = frames.filter((f) => f.fields.some((x) => displayName(x) === t.byField));
  if (withKey.length < 2) return frames;
  const keys: Cell[] = [];
  const seen = new Set<string>();
  const perFrame = withKey.map((f) => {
    const k = f.fields.find((x) => displayName(x) === t.byField)!;
    const rows = new Map<string, number>();
    k.values.forEach((v, r) => {
      const s = keyOf(v);
      if (!rows.has(s)) rows.set(s, r);
      if (!seen.has(s)) {
        seen.add(s);
        keys.push(v);
      }
    });
    return rows;
  });
  const keyField = withKey[0].fields.find((x) => displayName(x) === t.byField)!;
  if (keys.every((k) => typeof k === 'number')) (keys as number[]).sort((a, b) => a - b);
  const kept = keys.filter((k) => t.mode === 'outer' || perFrame.every((rows) => rows.has(keyOf(k))));
  const fields: Field[] = [{ ...keyField, values: kept }];
  const used = new Set([displayName(keyField)]);
  withKey.forEach((f, i) => {
    for (const x of f.fields) {
      if (displayName(x) === t.byField) continue;
      let name = x.name;
      if (!x.labels && !x.config?.displayName) for (let n = 2; used.has(name); n++) name = `${x.name} ${n}`;
      used.add(displayName({ ...x, name }));
      fields.push({ ...x, name, values: kept.map((k) => {
        const r = perFrame[i].get(keyOf(k));
        return r === undefined ? null : x.values[r];
      }) });
    }
  });
  return [{ fields }, ...frames.filter((f) => !withKey.includes(f))];
};

/**
 * merge makes one table of all frames: the fields present in every frame form each row's key, and a row joins an
 * earlier row of the same key when no field holds a different non-null value (Grafana's merge).
 */
export const merge = (frames: Frame[]): Frame[] => {
  const data = frames.filter((f) => f.fields.length > 0);
  if (data.length < 2) return frames;
  const names: string[] = [];
  const proto = new Map<string, Field>();
  for (const f of data) {
    for (const x of f.fields) {
      if (proto.has(x.name)) continue;
      names.push(x.name);
      proto.set(x.name, x);
    }
  }
  const keyNames = names.filter((n) => data.every((f) => f.fields.some((x) => x.name === n)));
  if (keyNames.length === 0) return frames;
  const rows: Map<string, Cell>[] = [];
  const byKey = new Map<string, Map<string, Cell>[]>();
  for (const f of data) {
    for (let r = 0; r < frameLength(f); r++) {
      const row = new Map<string, Cell>(f.fields.map((x) => [x.name, x.values[r] ?? null]));
      const key = JSON.stringify(keyNames.map((n) => row.get(n) ?? null));
      const same = byKey.get(key) ?? [];
      const into = same.find((e) => [...row].every(([n, v]) => !e.has(n) || e.get(n) === null || e.get(n) === v));
      if (into) for (const [n, v] of row) into.set(n, v);
      else {
        rows.push(row);
        same.push(row);
        byKey.set(key, same);
      }
    }
  }
  return [{
    fields: names.map((name) => {
      const { labels: _l, config: _c, ...rest } = proto.get(name)!;
      return { ...rest, values: rows.map((row) => row.get(name) ?? null) };
    }),
  }];
};

/** concatenate puts every field of every frame side by side in one frame (shorter fields padded with nulls). */
export const concatenate: Step<'concatenate'> = (frames, t) => {
  if (frames.length < 2) return frames;
  const length = Math.max(...frames.map(frameLength));
  const fields = frames.flatMap((f) =>
    f.fields.map((x): Field => {
      const values = [...x.values, ...new Array<Cell>(length - x.values.length).fill(null)];
      if (!f.name || t.frameNameMode === 'drop') return { ...x, values };
      if (t.frameNameMode === 'label') return { ...x, values, labels: { ...x.labels, [t.frameNameLabel || 'frame']: f.name } };
      return { ...x, values, config: { ...x.config, displayName: `${f.name} · ${displayName(x)}` } };
    }),
  );
  return [{ fields }];
};

function isTimeSeriesFrame(f: Frame): boolean {
  return f.fields.length === 2 && f.fields.some((x) => fieldType(x) === 'time') && f.fields.some((x) => fieldType(x) === 'number');
}

/** seriesToRows turns several time series into one Time, Metric, Value table, newest first. */
export const seriesToRows = (frames: Frame[]): Frame[] => {
  if (frames.length <= 1) return frames;
  const data = frames.filter((f) => frameLength(f) > 0);
  if (!data.every(isTimeSeriesFrame)) return data;
  const rows: [Cell, string, Cell][] = [];
  for (const f of data) {
    const time = timeField(f)!;
    const value = f.fields.find((x) => x !== time)!;
    const metric = f.name || displayName(value);
    time.values.forEach((t, i) => rows.push([t, metric, value.values[i]]));
  }
  rows.sort((a, b) => Number(b[0]) - Number(a[0]));
  return [{
    fields: [
      { name: 'Time', type: 'time', values: rows.map((r) => r[0]) },
      { name: 'Metric', type: 'string', values: rows.map((r) => r[1]) },
      { name: 'Value', type: fieldType(data[0].fields.find((x) => fieldType(x) !== 'time')!), values: rows.map((r) => r[2]) },
    ],
  }];
};

/**
 * labelsToFields turns labels into fields. Columns mode: each label (of keepLabels, when given) becomes a string
 * field after the frame's fields, the value field loses its labels and display name and takes the valueLabel's value
 * as its name. Rows mode: one frame per labelled field with `label` and `value` columns.
 */
export const labelsToFields: Step<'labelsToFields'> = (frames, t) => {
  const keep = t.keepLabels.length ? new Set(t.keepLabels) : undefined;
  if (t.mode === 'rows') {
    return frames.flatMap((f) =>
      f.fields.flatMap((x): Frame[] => {
        if (!x.labels) return [];
        const keys = t.keepLabels.length ? t.keepLabels : Object.keys(x.labels);
        if (!keys.length) return [];
        return [{
          ...f,
          name: displayName(x),
          fields: [
            { name: 'label', type: 'string', values: [...keys] },
            { name: 'value', type: 'string', values: keys.map((k) => x.labels![k] ?? null) },
          ],
        }];
      }),
    );
  }
  return frames.map((f) => {
    const fields: Field[] = [];
    const unique = new Map<string, Set<string>>();
    for (const x of f.fields) {
      if (!x.labels) {
        fields.push(x);
        continue;
      }
      const bare: Field = { ...x, labels: undefined, config: { ...x.config, displayName: undefined } };
      fields.push(bare);
      for (const [k, v] of Object.entries(x.labels)) {
        if (keep && !keep.has(k)) continue;
        if (t.valueLabel === k) {
          bare.name = v;
          continue;
        }
        const set = unique.get(k) ?? new Set<string>();
        set.add(v);
        unique.set(k, set);
      }
    }
    const n = frameLength(f);
    for (const [k, vs] of unique) for (const v of vs) fields.push({ name: k, type: 'string', values: new Array<Cell>(n).fill(v) });
    return { ...f, fields };
  });
};

