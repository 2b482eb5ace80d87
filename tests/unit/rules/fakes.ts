/** Fakes for rules tests: a clock driven by hand, a recording appendable, a scriptable query function. */
import { labelsFromObject, labelsString, type Labels } from '../../../src/model/labels';
import { AppendError, type Appendable, type Appender } from '../../../src/model/storage';
import { isStaleNaN } from '../../../src/model/value';
import type { Clock, QueryFunc } from '../../../src/rules/types';

/** FakeClock runs timers only when advanced. */
export class FakeClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(public t: number) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }

  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }

  /** pending lists the due times of scheduled timers. */
  pending(): number[] {
    return this.timers.map((x) => x.at).sort((a, b) => a - b);
  }

  /** advance moves time forward, firing due timers in order and letting their async work settle. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    for (;;) {
      await flush();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
    await flush();
  }
}

/** flush lets pending promise chains run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** Written is one appended sample, with stale markers flagged. */
export interface Written {
  series: string;
  t: number;
  v: number;
  stale: boolean;
}

/** RecordingAppendable keeps committed samples; `reject` makes appends of matching series throw. */
export class RecordingAppendable implements Appendable {
  written: Written[] = [];
  reject: ((series: string) => boolean) | null = null;

  appender(): Appender {
    const batch: Written[] = [];
    return {
      append: (_ref, labels, t, v) => {
        const series = labelsString(labels);
        if (this.reject?.(series)) throw new AppendError('out_of_order', 'out of order sample');
        batch.push({ series, t, v, stale: isStaleNaN(v) });
        return 0;
      },
      appendHistogram: (_ref, labels, t, h) => {
        const series = labelsString(labels);
        if (this.reject?.(series)) throw new AppendError('out_of_order', 'out of order sample');
        batch.push({ series, t, v: h.count, stale: isStaleNaN(h.sum) });
        return 0;
      },
      commit: async () => {
        this.written.push(...batch);
      },
      rollback: () => {},
    };
  }

  /** at returns what was written at time t, as "series value" strings sorted. */
  at(t: number): string[] {
    return this.written
      .filter((w) => w.t === t)
      .map((w) => `${w.series} ${w.stale ? 'stale' : w.v}`)
      .sort();
  }
}

/** ScriptedQuery answers each expression from a table that tests change between evaluations. */
export class ScriptedQuery {
  results = new Map<string, { labels: Record<string, string>; value: number }[] | Error>();
  calls: { expr: string; t: number }[] = [];

  readonly fn: QueryFunc = async (expr, t) => {
    this.calls.push({ expr, t });
    const r = this.results.get(expr);
    if (r instanceof Error) throw r;
    return (r ?? []).map((s) => ({ labels: labelsFromObject(s.labels) as Labels, value: s.value }));
  };

  set(expr: string, r: { labels: Record<string, string>; value: number }[] | Error): void {
    this.results.set(expr, r);
  }
}
