/**
 * The page's push entry points: window `message` events from allowed origins and the same-origin
 * `promtab-push` BroadcastChannel. Accepted requests go to the storage worker (`storage.push`); the answer goes
 * back to the sender as `{promtabPushResult: {ok, error?}}`. Messages from other origins are ignored and counted.
 */
import { api } from '../../lib/api';
import { isAllowedOrigin, pushRequestOf, PUSH_CHANNEL, type PushRequest, type PushResult } from '../../../push/message';

/** PUSH_CHANGED_EVENT is dispatched on window after a push was handled, so views can refresh. */
export const PUSH_CHANGED_EVENT = 'promtab-push-changed';

/** pushListenerStats counts accepted push messages and those ignored for their origin. */
export const pushListenerStats = { accepted: 0, ignored: 0 };

async function forward(req: PushRequest): Promise<PushResult> {
  try {
    return await api().storage.push.push(req);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    dispatchEvent(new CustomEvent(PUSH_CHANGED_EVENT));
  }
}

/** installPushListener listens for pushes; call it once from App. It returns a function that removes the listeners. */
export function installPushListener(): () => void {
  const onMessage = async (e: MessageEvent) => {
    const req = pushRequestOf(e.data);
    if (!req) return;
    const allowed = (await api().storage.state.settings()).allowedPushOrigins;
    if (!isAllowedOrigin(e.origin, allowed)) {
      pushListenerStats.ignored++;
      dispatchEvent(new CustomEvent(PUSH_CHANGED_EVENT));
      return;
    }
    pushListenerStats.accepted++;
    const result = await forward(req);
    (e.source as WindowProxy | null)?.postMessage({ promtabPushResult: result }, e.origin);
  };
  addEventListener('message', onMessage);
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(PUSH_CHANNEL);
  if (channel) {
    channel.onmessage = async (e: MessageEvent) => {
      const req = pushRequestOf(e.data);
      if (!req) return;
      pushListenerStats.accepted++;
      channel.postMessage({ promtabPushResult: await forward(req) });
    };
  }
  return () => {
    removeEventListener('message', onMessage);
    channel?.close();
  };
}
