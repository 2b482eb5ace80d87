/**
 * The service worker: Promtab's offline app shell. It precaches exactly the files of this build (the list Workbox
 * injects at build time: every chunk, the workers, the editor, styles, icons, the manifest) and answers from that
 * cache, and sends the app's own navigations to the cached index.html. It registers no other route, so scrapes,
 * remote data sources and every other request go to the network untouched and are never cached.
 *
 * A new build waits until the page asks it to take over (the `Reload to update` notice). A build that cannot read
 * the data stored in this origin (a database written by a newer schema) refuses to install, so it never takes over.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { unreadableDatabases, type StoredDatabase } from '../src/api/takeover';

interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface ServiceWorkerScopeLike {
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}
const sw = self as unknown as ServiceWorkerScopeLike;

/** checkReadable rejects when a stored database is newer than this build reads. */
async function checkReadable(): Promise<void> {
  const idb = indexedDB as IDBFactory & { databases?: () => Promise<StoredDatabase[]> };
  const stored = idb.databases ? await idb.databases() : [];
  const bad = unreadableDatabases(stored);
  if (bad.length > 0) throw new Error(`this Promtab build cannot read the data stored here (${bad.join('; ')}); it does not take over`);
}

sw.addEventListener('install', (e) => e.waitUntil(checkReadable()));
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));
sw.addEventListener('message', (e) => {
  if ((e.data as { type?: string } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

cleanupOutdatedCaches();
// Workbox writes this build's file list where `self.__WB_MANIFEST` stands (it looks for that text).
precacheAndRoute((self as unknown as { __WB_MANIFEST: (string | PrecacheEntry)[] }).__WB_MANIFEST);

// Navigations to the app itself (its folder or index.html, whatever sub-path it is served from) get the cached page.
const scopePath = new URL(sw.registration.scope).pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { allowlist: [new RegExp(`^${scopePath}(index\\.html)?(\\?.*)?$`)] }));
