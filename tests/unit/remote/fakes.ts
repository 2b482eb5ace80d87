/** A fake clock and a scripted fake remote-write endpoint for the queue tests. */
import type { Clock, FetchFn } from '../../../src/scrape/clock';
import { sampleBits } from './decode';

/** FakeClock runs timers only when advanced. */
export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(h: unknown): void {
    this.timers.delete(h as number);
  }

  /** advance moves time forward, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
    await settle();
  }
}

/** settle lets pending promises and IndexedDB callbacks (fake-indexeddb runs on setImmediate) finish. */
export async function settle(rounds = 30): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/** Received is one request the fake endpoint saw. */
export interface Received {
  url: string;
  status: number;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  series: ReturnType<typeof sampleBits>;
  /** body is the compressed request as sent. */
  body: Uint8Array;
}

/** Reply is what the endpoint answers: a status (with an optional Retry-After), or a thrown network error. */
export type Reply = { status: number; retryAfter?: string; body?: string; headers?: Record<string, string> } | 'network' | 'cors' | 'unreadable';

/** FakeRemote is a remote-write endpoint that answers from a script (then 204) and records every request. */
export class FakeRemote {
  /** calls are the clock times of every request, refused ones included. */
  readonly calls: number[] = [];
  readonly received: Received[] = [];
  readonly refused: Received[] = [];
  script: Reply[] = [];

  constructor(private readonly clock: Clock) {}

  fetch: FetchFn = async (url, init) => {
    this.calls.push(this.clock.now());
    const headers = { ...(init?.headers as Record<string, string>) };
    const req: Received = { url, status: 0, headers, credentials: init?.credentials, series: sampleBits(init!.body as Uint8Array), body: init!.body as Uint8Array };
    const reply = this.script.shift() ?? { status: 204 };
    // 'cors' refuses only requests carrying headers outside Prometheus's CORS allow list, as a browser would.
    if (reply === 'cors' && 'Content-Encoding' in headers) {
      this.script.unshift('cors');
      this.refused.push(req);
      throw new TypeError('Failed to fetch');
    }
    // 'unreadable' is Prometheus's /api/v1/write: it takes the request but its answer has no CORS header, so only a
    // no-cors request gets an (opaque) answer.
    if (reply === 'unreadable') {
      this.received.push(req);
      req.status = 204;
      if (init?.mode === 'no-cors') return { type: 'opaque', status: 0, headers: new Headers(), body: null } as unknown as Response;
      this.script.unshift('unreadable');
      throw new TypeError('Failed to fetch');
    }
    if (reply === 'network') {
      this.refused.push(req);
      throw new TypeError('Failed to fetch');
    }
    this.received.push(req);
    req.status = reply === 'cors' ? 204 : reply.status;
    if (reply === 'cors') return new Response(null, { status: 204 });
    const h: Record<string, string> = { ...reply.headers, ...(reply.retryAfter ? { 'Retry-After': reply.retryAfter } : {}) };
    return new Response(reply.status === 204 ? null : (reply.body ?? ''), { status: reply.status, headers: h });
  };

  /** samples lists every accepted sample as `series timestamp` strings, in arrival order. */
  samples(): string[] {
    const out: string[] = [];
    for (const r of this.received.filter((x) => x.status < 300)) for (const s of r.series) for (const [t] of s.samples) out.push(`${s.labels.join(',')} ${t}`);
    return out;
  }
}
