/**
 * The message shape pages use to push into Promtab (through window.postMessage or the `promtab-push`
 * BroadcastChannel), its validation, and the origin check for cross-origin messages.
 */
import type { PushMethod } from './store';

/** PUSH_CHANNEL is the BroadcastChannel name same-origin pages push on. */
export const PUSH_CHANNEL = 'promtab-push';

/** PushRequest is one push: `{promtabPush: PushRequest}` on the wire. */
export interface PushRequest {
  readonly method: PushMethod;
  readonly job: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** PushResult is the answer: `{promtabPushResult: PushResult}` on the wire. */
export interface PushResult {
  readonly ok: boolean;
  readonly error?: string;
}

const METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'DELETE']);

/** pushRequestOf returns the request a message carries, or undefined when it is not a well-formed push message. */
export function pushRequestOf(data: unknown): PushRequest | undefined {
  if (typeof data !== 'object' || data === null || !('promtabPush' in data)) return undefined;
  const r = (data as { promtabPush: unknown }).promtabPush;
  if (typeof r !== 'object' || r === null) return undefined;
  const { method, job, labels, body } = r as Record<string, unknown>;
  if (typeof method !== 'string' || !METHODS.has(method) || typeof job !== 'string') return undefined;
  if (body !== undefined && typeof body !== 'string') return undefined;
  if (labels !== undefined && (typeof labels !== 'object' || labels === null)) return undefined;
  const ls: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (typeof v !== 'string') return undefined;
    ls[k] = v;
  }
  return { method: method as PushMethod, job, labels: ls, ...(body === undefined ? {} : { body }) };
}

/** isAllowedOrigin reports whether a message's origin is exactly one of the allowed origins (no wildcards). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return origin !== '' && origin !== 'null' && allowed.includes(origin);
}
