/** Dashboard layout helpers for the page: the first free grid line. */
import { gridBottom, type Dashboard } from '../../../dashboards';

/** bottom is the first free grid row of a dashboard. */
export function bottom(d: Dashboard): number {
  return gridBottom(d.panels);
}
