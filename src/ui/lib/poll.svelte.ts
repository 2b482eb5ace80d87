/** Poll re-runs a loader on an interval while mounted; the newest answer wins and errors are kept as text. */
export class Poll<T> {
  data = $state<T | null>(null);
  error = $state('');
  private timer: ReturnType<typeof setInterval> | undefined;
  private seq = 0;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly everyMs: number,
  ) {}

  /** refresh loads now. */
  async refresh(): Promise<void> {
    const mine = ++this.seq;
    try {
      const d = await this.load();
      if (mine === this.seq) {
        this.data = d;
        this.error = '';
      }
    } catch (e) {
      if (mine === this.seq) this.error = (e as Error).message;
    }
  }

  /** start begins polling and returns the stop function (use it as an $effect's cleanup). */
  start(): () => void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
    return () => clearInterval(this.timer);
  }
}

/** unwrap returns an API response's data or throws its error. */
export function unwrap<T>(r: { status: 'success'; data: T } | { status: 'error'; error: string }): T {
  if (r.status === 'error') throw new Error(r.error);
  return r.data;
}
