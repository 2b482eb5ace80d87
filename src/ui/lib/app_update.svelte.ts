/**
 * AppUpdate registers the service worker (workers/sw.ts, built as sw.js beside index.html, so it works from any
 * sub-path) and tells the page when a new build is waiting. Nothing updates behind the user's back: the new build
 * takes over only when the user picks `Reload to update`, and only after the storage worker has paused scraping and
 * saved every sample (see prepareUpdate), so the reload never cuts a flush short.
 */
import { Workbox } from 'workbox-window';
import { api } from './api';

/** UPDATE_CHECK_MS is how often an open page asks the server whether a new build is there. */
export const UPDATE_CHECK_MS = 15 * 60_000;
// How long the old storage worker waits, paused, for the reload before it resumes scraping (another tab may keep it).
const HOLD_MS = 15_000;
// How long the page waits for the new build to take control before it reloads regardless.
const TAKEOVER_WAIT_MS = 10_000;

/** UpdateState is what the notice shows: nothing, a build waiting, a build that took over elsewhere, or a refusal. */
export type UpdateState = 'none' | 'waiting' | 'activated' | 'refused';

/** AppUpdate holds the service worker's update state as runes. */
export class AppUpdate {
  /** state is the notice to show. */
  state = $state<UpdateState>('none');
  /** busy is set while the storage worker saves before the reload. */
  busy = $state(false);
  /** error explains a failed update. */
  error = $state('');
  private wb: Workbox | null = null;
  private reloading = false;

  /** start registers the service worker (production builds with service workers only) and begins update checks. */
  start(): () => void {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return () => {};
    const wb = new Workbox('./sw.js', { scope: './' });
    this.wb = wb;
    const installed = new Set<ServiceWorker>();
    wb.addEventListener('installed', (e) => installed.add(e.sw as ServiceWorker));
    wb.addEventListener('waiting', () => (this.state = 'waiting'));
    // A new build that never got as far as installed refused (it cannot read the stored data) or failed to download.
    wb.addEventListener('redundant', (e) => {
      if (e.sw && !installed.has(e.sw as ServiceWorker) && navigator.serviceWorker.controller) this.state = 'refused';
    });
    // A build taking over from another tab's notice leaves this page running the old code until it reloads too.
    wb.addEventListener('controlling', (e) => {
      if (this.reloading) location.reload();
      else if (e.isUpdate || e.isExternal) this.state = 'activated';
    });
    wb.register().catch((err: unknown) => (this.error = `Offline use is not available: ${(err as Error).message}`));
    const check = () => {
      if (document.visibilityState === 'visible') void wb.update().catch(() => {});
    };
    const timer = setInterval(check, UPDATE_CHECK_MS);
    document.addEventListener('visibilitychange', check);
    addEventListener('online', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
      removeEventListener('online', check);
    };
  }

  /** reload saves what the storage worker holds, lets the waiting build take over and reloads into it. */
  async reload(): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await api().storage.prepareUpdate(HOLD_MS);
    } catch (err) {
      this.busy = false;
      this.error = `Could not save before updating, so the update waits: ${(err as Error).message}`;
      return;
    }
    this.reloading = true;
    if (this.state === 'waiting' && this.wb) {
      this.wb.messageSkipWaiting();
      // Should the new build never take control (it went away meanwhile), reload anyway: the data is saved.
      setTimeout(() => location.reload(), TAKEOVER_WAIT_MS);
    } else location.reload();
  }
}

/** appUpdate is the page's one update state. */
export const appUpdate = new AppUpdate();
