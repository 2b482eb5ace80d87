/**
 * The page's notification feed: polls the storage worker's notification list, hands new entries to subscribers and,
 * when the user allowed it, shows each as a browser notification (text only, tagged by id so tabs do not repeat it).
 */
import type { Remote } from 'comlink';
import type { NotificationEntry, RulesApi } from '../../api/types';
import { api } from './api';
import { unwrap } from './poll.svelte';

/** FeedListener receives the whole kept list whenever it grows. */
export type FeedListener = (all: readonly NotificationEntry[]) => void;

const POLL_MS = 2_000;
const KEPT = 200;

/** notificationText words an entry as a title and a body of plain text. */
export function notificationText(n: NotificationEntry): { title: string; body: string } {
  const name = n.groupLabels.alertname ?? n.alerts[0]?.labels.alertname ?? 'alert';
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  const resolved = n.alerts.length - firing;
  const title = n.status === 'firing' ? `[FIRING:${firing}] ${name}` : `[RESOLVED] ${name}`;
  const lines = n.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const labels = Object.entries(a.labels)
      .filter(([k]) => k !== 'alertname')
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return `${a.status}: ${summary || labels}`;
  });
  if (n.status === 'firing' && resolved > 0) lines.push(`${resolved} resolved`);
  return { title, body: lines.join('\n') };
}

/** browserNotifications tells whether the Notification API exists and what the user answered. */
export function browserNotifications(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** enableBrowserNotifications asks the user for permission (call from a click). */
export async function enableBrowserNotifications(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

function show(n: NotificationEntry): void {
  if (browserNotifications() !== 'granted') return;
  const { title, body } = notificationText(n);
  try {
    new Notification(title, { body, tag: `promtab-notification-${n.id}` });
  } catch {
    // Some browsers allow notifications only from a service worker; the in-app list still shows it.
  }
}

/** NotificationFeed polls while it has subscribers; entries that existed before the first poll are listed but not shown. */
export class NotificationFeed {
  private readonly listeners = new Set<FeedListener>();
  private entries: NotificationEntry[] = [];
  private lastId = 0;
  private primed = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;

  constructor(
    private readonly load: (sinceId: number) => Promise<NotificationEntry[]>,
    private readonly everyMs = POLL_MS,
  ) {}

  /** subscribe adds a listener (called at once with the current list) and returns the unsubscribe function. */
  subscribe(fn: FeedListener): () => void {
    this.listeners.add(fn);
    fn(this.entries);
    if (this.listeners.size === 1) {
      void this.poll();
      this.timer = setInterval(() => void this.poll(), this.everyMs);
    }
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) clearInterval(this.timer);
    };
  }

  /** poll fetches new entries now. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const fresh = (await this.load(this.lastId)).filter((n) => n.id > this.lastId);
      if (fresh.length === 0) {
        this.primed = true;
        return;
      }
      this.lastId = fresh[fresh.length - 1].id;
      if (this.primed) for (const n of fresh) show(n);
      this.primed = true;
      this.entries = [...this.entries, ...fresh].slice(-KEPT);
      for (const fn of this.listeners) fn(this.entries);
    } catch {
      // The worker is restarting; the next poll catches up.
    } finally {
      this.polling = false;
    }
  }
}

/** rulesApi returns the storage worker's rules API (comlink proxies the nested object; its type needs saying). */
export function rulesApi(): Remote<RulesApi> {
  return api().storage.rules as unknown as Remote<RulesApi>;
}

let feed: NotificationFeed | null = null;

/** notificationFeed returns the page's one feed over the storage worker (App can subscribe to it globally). */
export function notificationFeed(): NotificationFeed {
  feed ??= new NotificationFeed(async (sinceId) => unwrap(await rulesApi().notifications(sinceId)));
  return feed;
}
