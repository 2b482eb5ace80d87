/**
 * DashboardsService keeps dashboards (Promtab's dashboard model) in the configuration store, so every tab sees the
 * same list; a fresh profile gets the built-in `Promtab overview`.
 */
import { exportPromtab, importPromtab, overviewDashboard, type Dashboard } from '../dashboards';
import type { ConfigStore } from './config_store';
import type { ApiResponse } from './types';

/** DashboardSummary is one entry of the dashboard list. */
export interface DashboardSummary {
  uid: string;
  title: string;
  tags: string[];
  panels: number;
}

/** DashboardsApi is the page's view of the service. */
export interface DashboardsApi {
  list(): Promise<DashboardSummary[]>;
  get(uid: string): Promise<Dashboard | null>;
  save(d: Dashboard): Promise<ApiResponse<null>>;
  remove(uid: string): Promise<void>;
}

/** DashboardsService implements DashboardsApi over a ConfigStore. */
export class DashboardsService implements DashboardsApi {
  private cache: Promise<Dashboard[]> | null = null;

  constructor(private readonly store: Promise<ConfigStore>) {}

  private all(): Promise<Dashboard[]> {
    this.cache ??= this.store.then(async (s) => {
      const saved = await s.get<Dashboard[]>('dashboards');
      if (saved) return saved;
      const first = [overviewDashboard()];
      await s.put('dashboards', first);
      return first;
    });
    return this.cache;
  }

  private async write(list: Dashboard[]): Promise<void> {
    this.cache = Promise.resolve(list);
    await (await this.store).put('dashboards', list);
  }

  async list(): Promise<DashboardSummary[]> {
    return (await this.all()).map((d) => ({
      uid: d.uid,
      title: d.title,
      tags: d.tags,
      panels: d.panels.reduce((n, p) => n + (p.kind === 'row' ? p.panels.length : 1), 0),
    }));
  }

  async get(uid: string): Promise<Dashboard | null> {
    return (await this.all()).find((d) => d.uid === uid) ?? null;
  }

  async save(d: Dashboard): Promise<ApiResponse<null>> {
    try {
      // Re-validate: the store keeps only what Promtab's own reader accepts.
      const { dashboard } = importPromtab(JSON.parse(exportPromtab(d)));
      const list = (await this.all()).filter((x) => x.uid !== dashboard.uid);
      await this.write([...list, dashboard].sort((a, b) => a.title.localeCompare(b.title)));
      return { status: 'success', data: null };
    } catch (e) {
      return { status: 'error', errorType: 'bad_data', error: (e as Error).message };
    }
  }

  async remove(uid: string): Promise<void> {
    await this.write((await this.all()).filter((d) => d.uid !== uid));
  }
}
