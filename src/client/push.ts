/**
 * pushToPromtab pushes a registry's metrics into a Promtab open in another tab of the same origin, through the
 * `promtab-push` BroadcastChannel, with Pushgateway semantics: method PUT (the default) replaces the group named by
 * job and labels, POST replaces only the families pushed, DELETE removes the group. Promtab scrapes pushed groups as
 * job `pushgateway`. Pages of another origin post the same message to a Promtab window instead:
 * `promtabWindow.postMessage({promtabPush: {method, job, labels, body}}, promtabOrigin)`, once their origin is
 * allowed in Promtab's Settings.
 */
import type { PushRequest, PushResult } from '../push/message';
import { PUSH_CHANNEL } from '../push/message';
import type { Registry } from './registry';

/** PushOptions names the group and the method of a push. */
export interface PushOptions {
  readonly job: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly method?: PushRequest['method'];
  /** timeoutMs bounds the wait for Promtab's answer (default 5000). */
  readonly timeoutMs?: number;
}

/** pushToPromtab posts registry.metrics() on the channel and resolves with the first answer, or a timeout error. */
export function pushToPromtab(registry: Registry, opts: PushOptions): Promise<PushResult> {
  const method = opts.method ?? 'PUT';
  const req: PushRequest = { method, job: opts.job, labels: { ...opts.labels }, ...(method === 'DELETE' ? {} : { body: registry.metrics() }) };
  const channel = new BroadcastChannel(PUSH_CHANNEL);
  return new Promise<PushResult>((resolve) => {
    const timer = setTimeout(() => finish({ ok: false, error: 'no Promtab tab answered' }), opts.timeoutMs ?? 5000);
    function finish(r: PushResult) {
      clearTimeout(timer);
      channel.close();
      resolve(r);
    }
    channel.onmessage = (e: MessageEvent) => {
      const r = (e.data as { promtabPushResult?: PushResult } | null)?.promtabPushResult;
      if (r) finish(r);
    };
    channel.postMessage({ promtabPush: req });
  });
}
