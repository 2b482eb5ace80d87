/** Driving the built app in Chromium for the fault suite: launching, adding a target, querying through the page. */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/helpers';

/** launchBrowser starts Chromium with the suite's flags. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * launchProfile starts Chromium on a profile directory that outlives the browser (for kills and reopens);
 * noServiceWorker keeps the app shell's offline cache (about 1.8 MiB of the origin's quota) out of the profile.
 */
export function launchProfile(dir: string, baseURL: string, noServiceWorker = false): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { baseURL, executablePath: CHROMIUM, args: CHROMIUM_ARGS, serviceWorkers: noServiceWorker ? 'block' : 'allow' });
}

/** until polls cond every `every` ms until it is true or timeoutMs passes (then it throws naming what). */
export async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs: number, every = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** addTarget adds a target through the Targets view, as a user does, and waits for it to be UP. */
export async function addTarget(page: Page, url: string, job: string, interval: string): Promise<void> {
  await page.goto('./#/targets');
  await page.getByRole('textbox', { name: 'Target URLs' }).fill(url);
  await page.getByRole('textbox', { name: 'Job name' }).fill(job);
  await page.getByRole('textbox', { name: 'Interval' }).fill(interval);
  await page.getByRole('button', { name: 'Add targets' }).click();
  await page.getByTestId('target-row').filter({ hasText: url }).getByText('UP', { exact: true }).waitFor({ timeout: 30_000 });
}

type QueryAnswer = {
  status: string;
  error?: string;
  data: { resultType: string; result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] };
};
type Api = {
  query: { query: (e: string, t: number) => Promise<QueryAnswer> };
  storage: { notices: () => Promise<{ kind: string; message: string }[]>; runtimeinfo: () => Promise<{ data: Record<string, unknown> }> };
  mode: string;
};

/** query runs an instant query through the page's API (the same path the Query view takes). */
export function query(page: Page, expr: string, at = Date.now() / 1000): Promise<QueryAnswer> {
  return page.evaluate(
    async ([q, t]) => {
      const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
      return api.query.query(q as string, t as number);
    },
    [expr, at] as const,
  );
}

/** scalar is the value of the first sample of an instant query, or null when there is none. */
export async function scalar(page: Page, expr: string, at = Date.now() / 1000): Promise<number | null> {
  const r = await query(page, expr, at);
  return r.status === 'success' && r.data.result.length && r.data.result[0].value ? Number(r.data.result[0].value[1]) : null;
}

/** rangeValues maps each series of a range-vector query (keyed by label `by`) to its sample values. */
export async function rangeValues(page: Page, expr: string, by: string, at = Date.now() / 1000): Promise<Map<string, number[]>> {
  const r = await query(page, expr, at);
  if (r.status !== 'success') throw new Error(`query ${expr}: ${r.error ?? r.status}`);
  return new Map(r.data.result.map((s) => [s.metric[by] ?? '', (s.values ?? []).map((v) => Number(v[1]))]));
}

/** notices lists the storage notices the page was given, as `kind: message`. */
export function notices(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    return (await api.storage.notices()).map((n) => `${n.kind}: ${n.message}`);
  });
}

/** runtimeInfo is the page's `status/runtimeinfo` data. */
export function runtimeInfo(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    return (await api.storage.runtimeinfo()).data;
  });
}

/** workerRole names the page's storage worker and its part, e.g. `dedicated: dedicated worker (writer)`. */
export function workerRole(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const api = (window as unknown as { __promtabTest: { api: () => Api } }).__promtabTest.api();
    return `${api.mode}: ${(await api.storage.runtimeinfo()).data.storageWorker}`;
  });
}

/** fmt writes an integer with thousands separators, as the figures are printed. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
