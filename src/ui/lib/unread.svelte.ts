/**
 * unread is the page's count of alert notifications not yet marked read, shared by the navigation badge and the
 * Alerts view; the last read id is remembered in localStorage, so every tab and a reload agree.
 */
import type { NotificationEntry } from '../../api/types';
import { notificationFeed } from './notifications';

const SEEN_KEY = 'promtab.notifications.seen';

class Unread {
  entries = $state<readonly NotificationEntry[]>([]);
  seen = $state(0);
  #stop: (() => void) | null = null;

  /** count is the number of notifications newer than the last one marked read. */
  get count(): number {
    return this.entries.filter((n) => n.id > this.seen).length;
  }

  /** start subscribes to the notification feed (once per page); the returned function is a no-op for callers. */
  start(): () => void {
    if (!this.#stop) {
      this.seen = Number(localStorage.getItem(SEEN_KEY) ?? 0);
      this.#stop = notificationFeed().subscribe((all) => {
        this.entries = all;
        // The worker's ids restart after its state is cleared: an id below the mark means everything is new.
        if (all.length && all[all.length - 1].id < this.seen) this.seen = 0;
      });
    }
    return () => {};
  }

  /** markRead marks every notification so far as read. */
  markRead(): void {
    this.seen = this.entries.length ? this.entries[this.entries.length - 1].id : 0;
    localStorage.setItem(SEEN_KEY, String(this.seen));
  }
}

/** unread is the page's one unread-notification counter. */
export const unread = new Unread();
