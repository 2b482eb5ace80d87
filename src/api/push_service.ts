/**
 * PushService serves `storage.push`: it owns the worker's PushStore, applies pushes one at a time and keeps the
 * groups in the ConfigStore (record `pushGroups`) so a reload keeps them. The `pushgateway` job scrapes text()
 * in-process through pushFetch.
 */
import type { FetchFn } from '../scrape/clock';
import { localFetch } from '../scrape/local';
import { labelsToObject } from '../model/labels';
import { PushStore, type PushGroup } from '../push/store';
import type { PushRequest, PushResult } from '../push/message';
import type { ConfigStore } from './config_store';
import type { PushApi, PushGroupInfo } from './types';

/** PUSH_HOST is the in-process target the `pushgateway` job scrapes. */
export const PUSH_HOST = 'promtab.push';

/** PushService implements PushApi over a PushStore persisted in the ConfigStore. */
export class PushService implements PushApi {
  private store_: Promise<PushStore> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: () => Promise<ConfigStore>,
    private readonly now: () => number = Date.now,
  ) {}

  private get store(): Promise<PushStore> {
    this.store_ ??= this.config().then(async (c) => new PushStore((await c.get<PushGroup[]>('pushGroups')) ?? []));
    return this.store_;
  }

  async push(req: PushRequest): Promise<PushResult> {
    const run = this.queue.then(async () => {
      const store = await this.store;
      const r = store.apply(req.method, { job: req.job, labels: req.labels }, req.body ?? '', this.now() / 1000);
      const changed = r.ok || r.error?.line === undefined;
      if (changed) await (await this.config()).put('pushGroups', store.groups());
      return r.ok ? { ok: true } : { ok: false, error: r.error?.message ?? 'push failed' };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async groups(): Promise<PushGroupInfo[]> {
    return (await this.store).groups().map((g) => ({
      labels: { ...labelsToObject(g.labels) },
      families: g.families.map((f) => f.name),
      pushTime: g.pushTime,
      failureTime: g.failureTime,
    }));
  }

  async text(): Promise<string> {
    return (await this.store).text();
  }
}

/** pushFetch answers scrapes of PUSH_HOST from the service's text and passes every other request to next. */
export function pushFetch(service: () => PushService | undefined, next: FetchFn): FetchFn {
  return localFetch({ [PUSH_HOST]: async () => (await service()?.text()) ?? '' }, next);
}
