import type { Redis } from "ioredis";

/** Counts failures per key (a client address) in fixed windows, to refuse a key that keeps failing. */
export interface FailureCounter {
  /** Seconds until `key` may try again, or 0 when it may now. */
  retryAfterSeconds(key: string): Promise<number>;
  recordFailure(key: string): Promise<void>;
}

/**
 * A FailureCounter in this process's memory; bounded: at most `maxKeys` keys are tracked, the
 * oldest dropped first.
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

/** The in-memory window as a FailureCounter. */
export function memoryFailureCounter(maxFailures: number, windowMs: number): FailureCounter {
  const window = new FailureWindow(maxFailures, windowMs);
  return {
    retryAfterSeconds: async (key) => window.retryAfterSeconds(key),
    recordFailure: async (key) => window.recordFailure(key),
  };
}

// Counts one failure; the first of a window starts its expiry: one atomic step on the server.
const COUNT_FAILURE = `local n = redis.call("INCR", KEYS[1])
if n == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return n`;

/** A FailureCounter in Redis: every instance counts a client's failures together. */
export function redisFailureCounter(
  redis: Redis,
  prefix: string,
  maxFailures: number,
  windowMs: number,
): FailureCounter {
  const keyOf = (key: string) => `${prefix}${key}`;
  return {
    async retryAfterSeconds(key) {
      const [count, ttl] = await Promise.all([redis.get(keyOf(key)), redis.pttl(keyOf(key))]);
      if (count === null || Number(count) < maxFailures || ttl <= 0) return 0;
      return Math.ceil(ttl / 1000);
    },
    async recordFailure(key) {
      await redis.eval(COUNT_FAILURE, 1, keyOf(key), windowMs);
    },
  };
}
