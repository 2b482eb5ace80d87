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

/** PushError is a refused push; line and column are set when the body itself is malformed. */
export class PushError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** parseGroupingLabels reads `a=b, c=d` (values may be double-quoted) into an object. */
export function parseGroupingLabels(text: string): Record<string, string> {
  // No prototype: a label named __proto__ is an ordinary label.
  const out: Record<string, string> = Object.create(null);
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new PushError(`expected name=value, got "${t}"`);
    const name = t.slice(0, eq).trim();
    let value = t.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out[name] = value;
  }
  return out;
}
