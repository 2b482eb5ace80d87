/**
 * Grafana's transformations over data frames (frames.ts): `applyTransformations` runs a panel's list in order.
 * The steps: transform_shape.ts (organize, joinByField, merge, concatenate, seriesToRows, labelsToFields),
 * transform_calc.ts (reduce, groupBy, calculateField), transform_filter.ts (filterByValue, filterFieldsByName,
 * sortBy, renameByRegex, prepareTimeSeries). Reading and writing Grafana's JSON: transform_json.ts.
 */
import type { Frame } from './frames';
import type { Transformation } from './transform_model';
import { calculateField, groupBy, reduce } from './transform_calc';
import { filterByValue, filterFieldsByName, prepareTimeSeries, renameByRegex, sortBy } from './transform_filter';
import { concatenate, joinByField, labelsToFields, merge, organize, seriesToRows, type Step } from './transform_shape';

export { calculateField, calculateFieldName, groupBy, reduce } from './transform_calc';
export { filterByValue, filterFieldsByName, prepareTimeSeries, renameByRegex, sortBy } from './transform_filter';
export { concatenate, joinByField, labelsToFields, merge, organize, seriesToRows } from './transform_shape';
export * from './frames';
export * from './transform_model';
export { readTransformation, writeTransformation } from './transform_json';

const STEPS: { [K in Transformation['id']]: Step<K> } = {
  organize,
  joinByField,
  merge,
  concatenate,
  seriesToRows,
  labelsToFields,
  groupBy,
  reduce,
  calculateField,
  filterByValue,
  filterFieldsByName,
  sortBy,
  renameByRegex,
  prepareTimeSeries,
};

/** applyTransformations runs a panel's transformations in order. */
export function applyTransformations(frames: Frame[], list: readonly Transformation[]): Frame[] {
  let out = frames;
  for (const t of list) out = (STEPS[t.id] as Step<typeof t.id>)(out, t as never);
  return out;
}
