/** Grafana's rules for picking values of a multi-value dashboard variable with an All option. */
import { ALL_VALUE } from '../../dashboards';

/**
 * nextMultiValue is the selection after a pick changed `prev` into `next`: picking All leaves only All; picking a
 * value while All is on replaces All; taking away the last value falls back to All (with includeAll) or keeps it.
 */
export function nextMultiValue(prev: readonly string[], next: readonly string[], includeAll: boolean): string[] {
  const hadAll = prev.includes(ALL_VALUE);
  const hasAll = next.includes(ALL_VALUE);
  if (hasAll && !hadAll) return [ALL_VALUE];
  const values = next.filter((v) => v !== ALL_VALUE);
  if (values.length > 0) return values;
  if (includeAll) return [ALL_VALUE];
  return prev.filter((v) => v !== ALL_VALUE).slice(0, 1);
}
