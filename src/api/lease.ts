/**
 * WriterLease elects the one storage worker per origin that scrapes and writes, with the Web Locks API.
 *
 * A frozen tab keeps its lock forever, so the holder also broadcasts a heartbeat; a waiting worker that hears no
 * heartbeat for `staleAfterMs` takes the lock over with `steal`. A SharedWorker is already one per origin and
 * script, but two builds (an old tab and a new one) run two SharedWorkers: the lease keeps them to one writer.
 */

/** LockManagerLike is the part of navigator.locks the lease uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void>;
}

/** ChannelLike is the part of BroadcastChannel the lease uses. */
export interface ChannelLike {
  postMessage(msg: unknown): void;
  addEventListener(type: 'message', fn: (e: { data: unknown }) => void): void;
  close(): void;
}

/** LeaseOptions tunes the lease. */
export interface LeaseOptions {
  name?: string;
  heartbeatMs?: number;
  staleAfterMs?: number;
  now?: () => number;
}

/** WriterLease holds or waits for the writer lock and reports changes. */
export class WriterLease {
  private held = false;
  private lastBeat: number;
  private release: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private readonly name: string;
  private readonly heartbeatMs: number;
  private readonly staleAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly locks: LockManagerLike,
    private readonly channel: ChannelLike,
    private readonly onChange: (leader: boolean) => void,
    opts: LeaseOptions = {},
  ) {
    this.name = opts.name ?? 'promtab-writer';
    this.heartbeatMs = opts.heartbeatMs ?? 2000;
    this.staleAfterMs = opts.staleAfterMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.lastBeat = this.now();
    channel.addEventListener('message', (e) => {
      if ((e.data as { beat?: boolean } | null)?.beat) this.lastBeat = this.now();
    });
  }

  /** leader reports whether this worker holds the lock. */
  get leader(): boolean {
    return this.held;
  }

  /** start asks for the lock and begins heartbeats or watching. */
  start(): void {
    this.acquire(false);
    this.timer = setInterval(() => this.tick(), this.heartbeatMs);
  }

  /** stop releases the lock and stops all timers. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.release?.();
    this.channel.close();
  }

  private tick(): void {
    if (this.held) this.channel.postMessage({ beat: true });
    else if (this.now() - this.lastBeat > this.staleAfterMs) {
      this.lastBeat = this.now();
      this.acquire(true);
    }
  }

  private acquire(steal: boolean): void {
    if (this.stopped) return;
    this.locks
      .request(this.name, steal ? { steal: true } : {}, () => {
        this.held = true;
        this.onChange(true);
        this.channel.postMessage({ beat: true });
        return new Promise<void>((resolve) => (this.release = resolve));
      })
      .catch(() => {
        // Another worker stole the lock (AbortError): step down and wait again.
        if (this.held) {
          this.held = false;
          this.onChange(false);
        }
        this.lastBeat = this.now();
        if (!this.stopped) this.acquire(false);
      });
  }
}
