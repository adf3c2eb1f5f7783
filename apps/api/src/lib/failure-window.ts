/**
 * Counts failures per key (a client address) in fixed windows, to refuse a key that keeps failing.
 * In memory, so per process; bounded: at most `maxKeys` keys are tracked, the oldest dropped first.
 */
export class FailureWindow {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfterSeconds(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    if (window === undefined) return 0;
    if (window.endsAt <= now) {
      this.windows.delete(key);
      return 0;
    }
    return window.count >= this.maxFailures ? Math.ceil((window.endsAt - now) / 1000) : 0;
  }

  recordFailure(key: string, now = Date.now()): void {
    const window = this.windows.get(key);
    if (window !== undefined && window.endsAt > now) {
      window.count += 1;
      return;
    }
    this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    this.windows.set(key, { count: 1, endsAt: now + this.windowMs });
  }
}
