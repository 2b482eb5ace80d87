/** Test doubles for the scrape tests: a fake clock, a recording storage, and an in-memory fetch. */
import type { FloatHistogram } from '../../../src/model/histogram';
import { labelsKey, labelsToObject, type Labels } from '../../../src/model/labels';
import { AppendError, type Appendable, type Appender } from '../../../src/model/storage';
import { isStaleNaN } from '../../../src/model/value';
import type { Clock } from '../../../src/scrape/clock';

interface Timer {
  at: number;
  fn: () => void;
  id: number;
}

/** FakeClock runs timers only when advanced; advance lets pending promises settle between timers. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): number {
    const id = ++this.seq;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** pending lists the due times of scheduled timers. */
  pending(): number[] {
    return this.timers.map((x) => x.at).sort((a, b) => a - b);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await flush();
  }
}

/** flush lets queued promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Sample is one committed sample. */
export interface Sample {
  labels: Record<string, string>;
  t: number;
  /** v is the float value (a histogram sample's count). */
  v: number;
  stale: boolean;
  /** st is the start timestamp given with the sample (0: none). */
  st?: number;
  /** h is the native histogram of a histogram sample. */
  h?: FloatHistogram;
}

/** RecordingStorage keeps committed samples and rejects out-of-order and duplicate ones as a TSDB would. */
export class RecordingStorage implements Appendable {
  samples: Sample[] = [];
  private last = new Map<string, { t: number; v: number }>();
  commits = 0;
  rollbacks = 0;
  appender(): Appender {
    const pending: Sample[] = [];
    const seen = new Map<string, { t: number; v: number }>();
    return {
      append: (_ref: number, ls: Labels, t: number, v: number, st = 0) => {
        const k = labelsKey(ls);
        const prev = seen.get(k) ?? this.last.get(k);
        if (prev && t < prev.t) throw new AppendError('out_of_order', 'out of order sample');
        if (prev && t === prev.t && !(Object.is(prev.v, v) || (Number.isNaN(prev.v) && Number.isNaN(v)))) {
          throw new AppendError('duplicate', 'duplicate sample for timestamp');
        }
        seen.set(k, { t, v });
        pending.push({ labels: { ...labelsToObject(ls) }, t, v, stale: isStaleNaN(v), ...(st ? { st } : {}) });
        return 1;
      },
      appendHistogram: (_ref: number, ls: Labels, t: number, h: FloatHistogram, st = 0) => {
        const k = labelsKey(ls);
        const prev = seen.get(k) ?? this.last.get(k);
        if (prev && t < prev.t) throw new AppendError('out_of_order', 'out of order sample');
        if (prev && t === prev.t) throw new AppendError('duplicate', 'duplicate sample for timestamp');
        seen.set(k, { t, v: h.count });
        pending.push({ labels: { ...labelsToObject(ls) }, t, v: h.count, stale: isStaleNaN(h.sum), h, ...(st ? { st } : {}) });
        return 1;
      },
      commit: async () => {
        this.commits++;
        for (const s of pending) {
          this.samples.push(s);
          this.last.set(labelsKey(Object.entries(s.labels).sort(([a], [b]) => (a < b ? -1 : 1)).flat()), { t: s.t, v: s.v });
        }
      },
      rollback: () => {
        this.rollbacks++;
        pending.length = 0;
      },
    };
  }
  /** of returns the samples of one metric name. */
  of(name: string): Sample[] {
    return this.samples.filter((s) => s.labels.__name__ === name);
  }
  clear(): void {
    this.samples = [];
  }
}

/** Reply is what the fake target answers. */
export interface Reply {
  status?: number;
  /** body is text, or bytes (a protobuf body). */
  body?: string | Uint8Array;
  contentType?: string | null;
  error?: Error;
  delayMs?: number;
}

/** fakeFetch answers every request with the current reply; requests are recorded. */
export function fakeFetch(reply: (url: string) => Reply, clock?: FakeClock) {
  const requests: { url: string; init?: RequestInit }[] = [];
  const fn = async (url: string, init?: RequestInit): Promise<Response> => {
    requests.push({ url, init });
    const r = reply(url);
    if (r.delayMs && clock) {
      await new Promise<void>((resolve, reject) => {
        clock.setTimeout(resolve, r.delayMs!);
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }
    if (r.error) throw r.error;
    const headers = new Headers();
    const ct = r.contentType === undefined ? 'text/plain; version=0.0.4' : r.contentType;
    if (ct !== null) headers.set('content-type', ct);
    const bytes = typeof r.body === 'string' || r.body === undefined ? new TextEncoder().encode(r.body ?? '') : r.body;
    return new Response(bytes as Uint8Array<ArrayBuffer>, { status: r.status ?? 200, headers });
  };
  return Object.assign(fn, { requests });
}
