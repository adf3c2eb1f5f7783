import { describe, expect, it } from "vitest";
import {
  createMemoryTokenStore,
  createTokenManager,
  DouyinError,
  type FetchedToken,
  isDouyinError,
  type TokenManagerOptions,
  type TokenStore,
  tokenStoreKey,
} from "../src/index.ts";

const HOUR_S = 7200;
const MIN = 60_000;

/** A fake token endpoint: numbered tokens, optional delay, a log of calls. */
function fakeEndpoint(options: { delayMs?: number; expiresInSeconds?: number } = {}) {
  let calls = 0;
  let failWith: unknown;
  return {
    get calls() {
      return calls;
    },
    failNext(error: unknown) {
      failWith = error;
    },
    fetchToken: async (): Promise<FetchedToken> => {
      calls += 1;
      const n = calls;
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (failWith !== undefined) {
        const error = failWith;
        failWith = undefined;
        throw error;
      }
      return { value: `tok-${n}`, expiresInSeconds: options.expiresInSeconds ?? HOUR_S };
    },
  };
}

function manager(
  store: TokenStore,
  fetchToken: () => Promise<FetchedToken>,
  overrides: Partial<TokenManagerOptions> = {},
) {
  return createTokenManager({
    kind: "client_token",
    appid: "tt_app",
    store,
    fetchToken,
    pollIntervalMs: 5,
    ...overrides,
  });
}

const KEY = tokenStoreKey("default", "client_token", "tt_app");

function tokenError(code = 28001003): DouyinError {
  return new DouyinError({
    platformCode: code,
    message: "access token invalid",
    path: "/api/x",
    kind: "platform",
    category: "token-invalid",
    reason: "token-invalid",
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );
}

/** The store, counting the calls made to it (a process's traffic to a shared store). */
function countingStore(store: TokenStore = createMemoryTokenStore()) {
  const counts = { get: 0, lock: 0 };
  const counted: TokenStore = {
    get: (key) => {
      counts.get += 1;
      return store.get(key);
    },
    set: (key, token) => store.set(key, token),
    compareAndDelete: (key, value) => store.compareAndDelete(key, value),
    lock: (name, ttlMs) => {
      counts.lock += 1;
      return store.lock(name, ttlMs);
    },
  };
  return { store: counted, counts };
}

describe("token manager: fetching and caching", () => {
  it("shares one in-flight fetch among concurrent callers (single flight)", async () => {
    // Without single flight the store lock alone would still give one fetch: count what reaches
    // the store instead. One refresh in flight per process: one lock attempt, not 200.
    const { store, counts } = countingStore();
    const endpoint = fakeEndpoint({ delayMs: 20 });
    const tokens = manager(store, endpoint.fetchToken);
    const values = await Promise.all(Array.from({ length: 200 }, () => tokens.get()));
    expect(new Set(values)).toEqual(new Set(["tok-1"]));
    expect(endpoint.calls).toBe(1);
    expect(counts.lock).toBe(1);
    expect(await tokens.get()).toBe("tok-1");
    expect(endpoint.calls).toBe(1);
    expect(counts.lock).toBe(1);
  });

  it("reads the store again after taking the lock: another process may have just refreshed", async () => {
    const memory = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    // Between this process's read (nothing there) and its lock, another process stores a token.
    const racing: TokenStore = {
      ...memory,
      get: (key) => memory.get(key),
      set: (key, token) => memory.set(key, token),
      compareAndDelete: (key, value) => memory.compareAndDelete(key, value),
      lock: async (name, ttlMs) => {
        await memory.set(KEY, {
          value: "theirs",
          fetchedAt: Date.now(),
          expiresAt: Date.now() + HOUR_S * 1000,
        });
        return memory.lock(name, ttlMs);
      },
    };
    expect(await manager(racing, endpoint.fetchToken).get()).toBe("theirs");
    expect(endpoint.calls).toBe(0);
  });

  it("stores the token with its expiry counted from before the request", async () => {
    let now = 1_000_000;
    const store = createMemoryTokenStore();
    const tokens = manager(
      store,
      async () => {
        now += 300; // the request takes 300 ms
        return { value: "tok", expiresInSeconds: HOUR_S };
      },
      { now: () => now },
    );
    await tokens.get();
    expect(await store.get(KEY)).toEqual({
      value: "tok",
      fetchedAt: 1_000_000,
      expiresAt: 1_000_000 + HOUR_S * 1000,
    });
  });

  it("uses a fresh token another process stored, without fetching", async () => {
    const store = createMemoryTokenStore();
    await store.set(KEY, {
      value: "theirs",
      fetchedAt: Date.now(),
      expiresAt: Date.now() + 60 * MIN,
    });
    const endpoint = fakeEndpoint();
    expect(await manager(store, endpoint.fetchToken).get()).toBe("theirs");
    expect(endpoint.calls).toBe(0);
  });

  it("refreshes ahead of expiry: by default when under 5 minutes remain", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 6 * MIN });
    expect(await tokens.get()).toBe("old");
    now += 61_000; // 4:59 left
    expect(await tokens.get()).toBe("tok-1");
    expect(endpoint.calls).toBe(1);
    expect((await store.get(KEY))?.value).toBe("tok-1");
  });

  it("keeps using the current token when an early refresh fails, and refreshes later", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 4 * MIN });
    endpoint.failNext(new Error("token endpoint down"));
    expect(await tokens.get()).toBe("old");
    expect(endpoint.calls).toBe(1);
    expect(await tokens.get()).toBe("tok-2");
    now += 5 * MIN; // expired: a failure now is the caller's
    await store.set(KEY, { value: "gone", fetchedAt: now - 120 * MIN, expiresAt: now - 1 });
    endpoint.failNext(new Error("token endpoint down"));
    await expect(tokens.get()).rejects.toThrow("token endpoint down");
  });

  it("takes a configured refresh-ahead window", async () => {
    const now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 4 * MIN });
    const lazy = manager(store, endpoint.fetchToken, { now: () => now, refreshAheadMs: MIN });
    expect(await lazy.get()).toBe("old");
    const eager = manager(store, endpoint.fetchToken, { now: () => now, refreshAheadMs: 10 * MIN });
    expect(await eager.get()).toBe("tok-1");
  });

  it("caps the refresh-ahead window at half a token's lifetime (no fetch storm)", async () => {
    let now = 0;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint({ expiresInSeconds: 60 });
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    expect(await tokens.get()).toBe("tok-1");
    now += 29_000;
    expect(await tokens.get()).toBe("tok-1");
    now += 2_000;
    expect(await tokens.get()).toBe("tok-2");
  });

  it("passes a fetch failure to every waiting caller, releases the lock, and tries again later", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint({ delayMs: 10 });
    const tokens = manager(store, endpoint.fetchToken);
    endpoint.failNext(new Error("boom"));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => tokens.get()));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(endpoint.calls).toBe(1);
    expect(await tokens.get()).toBe("tok-2");
    expect(await store.lock(`${KEY}:refresh`, 1000)).toBeDefined();
  });

  it("keeps two apps' (and two kinds') tokens apart in one store", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const a = manager(store, endpoint.fetchToken, { appid: "tt_a" });
    const b = manager(store, endpoint.fetchToken, { appid: "tt_b" });
    const c = manager(store, endpoint.fetchToken, { appid: "tt_a", kind: "access_token" });
    const values = [await a.get(), await b.get(), await c.get()];
    expect(new Set(values).size).toBe(3);
    expect(new Set([a.key, b.key, c.key]).size).toBe(3);
    expect(await a.get()).toBe(values[0]);
    expect(endpoint.calls).toBe(3);
  });

  it("rejects nonsensical options", () => {
    const store = createMemoryTokenStore();
    const { fetchToken } = fakeEndpoint();
    expect(() => manager(store, fetchToken, { refreshAheadMs: -1 })).toThrow(RangeError);
    expect(() => manager(store, fetchToken, { lockTtlMs: 0 })).toThrow(RangeError);
  });

  it.each([
    ["refreshAheadMs", [-1, Number.NaN, Number.POSITIVE_INFINITY], "a non-negative"],
    ["waitForOthersMs", [-1, Number.NaN, Number.POSITIVE_INFINITY], "a non-negative"],
    ["lockTtlMs", [0, -1, Number.NaN, Number.POSITIVE_INFINITY], "a positive"],
    ["pollIntervalMs", [0, -1, Number.NaN, Number.POSITIVE_INFINITY], "a positive"],
  ] as const)("names %s in its RangeError", (option, values, kind) => {
    const { fetchToken } = fakeEndpoint();
    for (const value of values) {
      expect(() => manager(createMemoryTokenStore(), fetchToken, { [option]: value })).toThrow(
        new RangeError(`${option} must be ${kind} number of milliseconds`),
      );
    }
  });

  it("takes refreshAheadMs 0 as 'use the token until it expires'", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now, refreshAheadMs: 0 });
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 1 });
    expect(await tokens.get()).toBe("old");
    now += 1;
    expect(await tokens.get()).toBe("tok-1");
  });

  it("refreshes from the very millisecond the refresh-ahead window starts", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    await store.set(KEY, {
      value: "old",
      fetchedAt: now - 100 * MIN,
      expiresAt: now + 5 * MIN + 1,
    });
    expect(await tokens.get()).toBe("old");
    now += 1; // exactly 5 minutes left
    expect(await tokens.get()).toBe("tok-1");
  });

  it("falls back on the current token after a failed refresh only until it expires", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 1 });
    endpoint.failNext(new Error("token endpoint down"));
    expect(await tokens.get()).toBe("old");
    now += 1; // expiresAt itself: no longer usable
    endpoint.failNext(new Error("token endpoint down"));
    await expect(tokens.get()).rejects.toThrow("token endpoint down");
  });

  it("caps the refresh-ahead window at half the lifetime whatever the clock reads", async () => {
    let now = 1_700_000_000_000;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint({ expiresInSeconds: 60 });
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    expect(await tokens.get()).toBe("tok-1");
    now += 29_999;
    expect(await tokens.get()).toBe("tok-1");
    now += 1; // half of the 60 s lifetime
    expect(await tokens.get()).toBe("tok-2");
  });
});

describe("token manager: several processes on one store", () => {
  it("fetches once when two processes start together (store lock)", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint({ delayMs: 30 });
    const processes = [manager(store, endpoint.fetchToken), manager(store, endpoint.fetchToken)];
    const values = await Promise.all(
      Array.from({ length: 100 }, (_, i) => processes[i % 2]?.get()),
    );
    expect(new Set(values)).toEqual(new Set(["tok-1"]));
    expect(endpoint.calls).toBe(1);
  });

  it("keeps using a still-valid token while another process holds the refresh lock", async () => {
    let now = 10 * 60 * MIN;
    const store = createMemoryTokenStore({ now: () => now });
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now: () => now });
    await store.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 2 * MIN });
    const other = await store.lock(`${KEY}:refresh`, 30_000);
    expect(other).toBeDefined();
    expect(await tokens.get()).toBe("old");
    expect(endpoint.calls).toBe(0);
    now += 3 * MIN; // expired, lock expired too: this process takes over
    expect(await tokens.get()).toBe("tok-1");
  });

  it("waits for the lock holder's token instead of fetching (bounded polling)", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const sleeps: number[] = [];
    const tokens = manager(store, endpoint.fetchToken, {
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const other = await store.lock(`${KEY}:refresh`, 30_000);
    setTimeout(() => {
      void store.set(KEY, {
        value: "theirs",
        fetchedAt: Date.now(),
        expiresAt: Date.now() + HOUR_S * 1000,
      });
      void other?.release();
    }, 60);
    expect(await tokens.get()).toBe("theirs");
    expect(endpoint.calls).toBe(0);
    expect(sleeps.length).toBeGreaterThan(1);
    // 5 ms doubling by 1.5 up to 40 ms, each ±50 %.
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(60);
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(1);
  });

  it("takes over the lock of a holder that died, once it expires", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    await store.lock(`${KEY}:refresh`, 80); // never released
    const started = Date.now();
    const tokens = manager(store, endpoint.fetchToken);
    expect(await tokens.get()).toBe("tok-1");
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(endpoint.calls).toBe(1);
  });

  /** A clock that only the manager's sleeps move, and a lock another process holds for good. */
  async function heldElsewhere() {
    const clock = { now: 1_000_000 };
    const store = createMemoryTokenStore({ now: () => clock.now });
    await store.lock(`${KEY}:refresh`, 1e12);
    const sleeps: number[] = [];
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      clock.now += ms;
    };
    return { clock, store, sleeps, sleep, now: () => clock.now };
  }

  it("waits lockTtlMs + 2 s by default, then says so in a retryable timeout error", async () => {
    const { store, sleep, now } = await heldElsewhere();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken, { now, sleep, lockTtlMs: 1_000 });
    expect(await failureOf(tokens.get())).toMatchObject({
      name: "DouyinError",
      platformCode: "timeout",
      message: "waited 3000 ms for another process to fetch the client_token",
      path: "client_token",
      kind: "timeout",
      category: "retryable",
      reason: "timeout",
    });
    expect(endpoint.calls).toBe(0);
  });

  it("names the token endpoint in the timeout error when given its path", async () => {
    const { store, sleep, now } = await heldElsewhere();
    const tokens = manager(store, fakeEndpoint().fetchToken, {
      now,
      sleep,
      waitForOthersMs: 500,
      path: "/oauth/client_token/",
    });
    expect(await failureOf(tokens.get())).toMatchObject({
      message: "waited 500 ms for another process to fetch the client_token",
      path: "/oauth/client_token/",
    });
  });

  it("gives up at once with waitForOthersMs 0", async () => {
    const { store, sleep, sleeps, now } = await heldElsewhere();
    const tokens = manager(store, fakeEndpoint().fetchToken, { now, sleep, waitForOthersMs: 0 });
    expect(await failureOf(tokens.get())).toMatchObject({ kind: "timeout" });
    expect(sleeps).toEqual([]);
  });

  it("polls with sleeps growing by 1.5 up to 8 times pollIntervalMs, jittered by random", async () => {
    const { store, sleep, sleeps, now } = await heldElsewhere();
    const tokens = manager(store, fakeEndpoint().fetchToken, {
      now,
      sleep: async (ms) => {
        await sleep(ms);
        if (sleeps.length === 9) {
          await store.set(KEY, { value: "theirs", fetchedAt: now(), expiresAt: now() + 60 * MIN });
        }
      },
      pollIntervalMs: 100,
      random: () => 0.25, // × 0.75
    });
    expect(await tokens.get()).toBe("theirs");
    // 100, 150, 225, 337.5, 506.25, 759.375, then the cap of 800; each × 0.75, rounded.
    expect(sleeps).toEqual([75, 113, 169, 253, 380, 570, 600, 600, 600]);
  });

  it("never sleeps less than 1 ms", async () => {
    const { store, sleep, sleeps, now } = await heldElsewhere();
    const tokens = manager(store, fakeEndpoint().fetchToken, {
      now,
      sleep,
      pollIntervalMs: 0.1,
      waitForOthersMs: 3,
      random: () => 0,
    });
    await failureOf(tokens.get());
    expect(sleeps).toEqual([1, 1, 1]);
  });

  it("gives up after waitForOthersMs with a retryable timeout error", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    await store.lock(`${KEY}:refresh`, 60_000);
    const tokens = manager(store, endpoint.fetchToken, { waitForOthersMs: 50 });
    const error = await failureOf(tokens.get());
    expect(isDouyinError(error)).toBe(true);
    expect(error).toMatchObject({ kind: "timeout", category: "retryable" });
    expect(endpoint.calls).toBe(0);
  });
});

describe("token manager: withToken and token errors", () => {
  it("expires the refused token, fetches a new one and retries the call once", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    const used: string[] = [];
    const result = await tokens.withToken(async (token) => {
      used.push(token);
      if (token === "tok-1") throw tokenError(28001008);
      return `ok with ${token}`;
    });
    expect(result).toBe("ok with tok-2");
    expect(used).toEqual(["tok-1", "tok-2"]);
    expect(endpoint.calls).toBe(2);
    expect((await store.get(KEY))?.value).toBe("tok-2");
  });

  it("does not throw away a token another process already refreshed (compare-and-delete)", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    const used: string[] = [];
    const result = await tokens.withToken(async (token) => {
      used.push(token);
      if (token === "tok-1") {
        // Meanwhile another process saw the same error and refreshed.
        await store.set(KEY, {
          value: "theirs",
          fetchedAt: Date.now(),
          expiresAt: Date.now() + 1e7,
        });
        throw tokenError();
      }
      return token;
    });
    expect(result).toBe("theirs");
    expect(used).toEqual(["tok-1", "theirs"]);
    expect(endpoint.calls).toBe(1);
    expect((await store.get(KEY))?.value).toBe("theirs");
  });

  it("invalidate deletes only the value that failed", async () => {
    const store = createMemoryTokenStore();
    const tokens = manager(store, fakeEndpoint().fetchToken);
    await store.set(KEY, { value: "current", fetchedAt: 0, expiresAt: Date.now() + 1e7 });
    expect(await tokens.invalidate("stale")).toBe(false);
    expect((await store.get(KEY))?.value).toBe("current");
    expect(await tokens.invalidate("current")).toBe(true);
    expect(await store.get(KEY)).toBeUndefined();
  });

  it("reads the store once before and once after the lock to replace a refused token", async () => {
    const { store, counts } = countingStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    const result = await tokens.withToken(async (token) => {
      if (token === "tok-1") throw tokenError();
      return token;
    });
    expect(result).toBe("tok-2");
    expect(counts).toEqual({ get: 4, lock: 2 });
  });

  it("never hands out a refused value again, even when a lagging process stores it back", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    const lagging = (value: string) =>
      store.set(KEY, { value, fetchedAt: Date.now(), expiresAt: Date.now() + HOUR_S * 1000 });
    expect(await tokens.get()).toBe("tok-1");
    expect(await tokens.invalidate("tok-1")).toBe(true);
    await lagging("tok-1");
    expect(await tokens.get()).toBe("tok-2");
    await lagging("tok-1");
    expect(await tokens.get()).toBe("tok-3");
    expect(endpoint.calls).toBe(3);
  });

  it("trusts a refused value again once the token endpoint issues it anew", async () => {
    const store = createMemoryTokenStore();
    let calls = 0;
    const tokens = manager(store, async () => {
      calls += 1;
      return { value: "same", expiresInSeconds: HOUR_S };
    });
    expect(await tokens.get()).toBe("same");
    await tokens.invalidate("same");
    expect(await tokens.get()).toBe("same");
    expect(await tokens.get()).toBe("same");
    expect(calls).toBe(2);
  });

  it("remembers the last 16 refused values", async () => {
    const stored = (value: string) => ({
      value,
      fetchedAt: Date.now(),
      expiresAt: Date.now() + HOUR_S * 1000,
    });
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    await tokens.invalidate("v0");
    // Many calls failing with one token each refuse it: it takes one place only.
    for (let i = 0; i < 20; i += 1) await tokens.invalidate("v1");
    for (let i = 2; i < 16; i += 1) await tokens.invalidate(`v${i}`);
    await store.set(KEY, stored("v0"));
    expect(await tokens.get()).toBe("tok-1"); // 16 values: v0 is still remembered
    await tokens.invalidate("v16");
    await store.set(KEY, stored("v0"));
    expect(await tokens.get()).toBe("v0"); // the 17th pushed the oldest out
    await store.set(KEY, stored("v1"));
    expect(await tokens.get()).toBe("tok-2");
  });

  it("gets another token when a flight that began before the refusal answers the refused one", async () => {
    const now = 10 * 60 * MIN;
    const memory = createMemoryTokenStore({ now: () => now });
    let gate: Promise<void> | undefined;
    let openGate = () => {};
    let releaseStarted = () => {};
    const releasing = new Promise<void>((resolve) => {
      releaseStarted = resolve;
    });
    // Once the gate is set, releasing the refresh lock waits for it.
    const store: TokenStore = {
      get: (key) => memory.get(key),
      set: (key, token) => memory.set(key, token),
      compareAndDelete: (key, value) => memory.compareAndDelete(key, value),
      lock: async (name, ttlMs) => {
        const lock = await memory.lock(name, ttlMs);
        const waitFor = gate;
        if (lock === undefined || waitFor === undefined) return lock;
        return {
          release: async () => {
            releaseStarted();
            await waitFor;
            await lock.release();
          },
        };
      },
    };
    // Due for refresh but usable; the first two refreshes fail.
    await memory.set(KEY, { value: "old", fetchedAt: now - 100 * MIN, expiresAt: now + 4 * MIN });
    let fetches = 0;
    const tokens = manager(
      store,
      async () => {
        fetches += 1;
        if (fetches <= 2) throw new Error("token endpoint down");
        return { value: "new", expiresInSeconds: HOUR_S };
      },
      { now: () => now },
    );
    const used: string[] = [];
    let other: Promise<string> | undefined;
    const result = await tokens.withToken(async (token) => {
      used.push(token);
      if (used.length > 1) return `ok with ${token}`;
      // Another caller's refresh fails as well: it answers "old", but only once it has released
      // the lock, which happens after this call has refused "old".
      gate = new Promise((resolve) => {
        openGate = resolve;
      });
      other = tokens.get();
      await releasing;
      setTimeout(() => openGate(), 10);
      throw tokenError();
    });
    expect(await other).toBe("old");
    expect(used).toEqual(["old", "new"]);
    expect(result).toBe("ok with new");
    expect(fetches).toBe(3);
  });

  it("throws a second token error instead of retrying again", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    let calls = 0;
    const error = await failureOf(
      tokens.withToken(async (token) => {
        calls += 1;
        throw tokenError(token === "tok-1" ? 28001003 : 28001008);
      }),
    );
    expect(calls).toBe(2);
    expect(endpoint.calls).toBe(2);
    expect(error).toMatchObject({ platformCode: 28001008, category: "token-invalid" });
  });

  it("does not retry other failures", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint();
    const tokens = manager(store, endpoint.fetchToken);
    for (const thrown of [
      new DouyinError({
        platformCode: -1,
        message: "busy",
        path: "/x",
        kind: "platform",
        category: "retryable",
        reason: "platform-busy",
      }),
      new Error("not a platform error"),
    ]) {
      let calls = 0;
      const error = await failureOf(
        tokens.withToken(async () => {
          calls += 1;
          throw thrown;
        }),
      );
      expect(error).toBe(thrown);
      expect(calls).toBe(1);
    }
    expect(endpoint.calls).toBe(1);
  });

  it("refreshes once when many concurrent calls fail with the same token", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint({ delayMs: 10 });
    const tokens = manager(store, endpoint.fetchToken);
    await tokens.get();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        tokens.withToken(async (token) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          if (token === "tok-1") throw tokenError();
          return token;
        }),
      ),
    );
    expect(new Set(results)).toEqual(new Set(["tok-2"]));
    expect(endpoint.calls).toBe(2);
  });

  it("refreshes once when two processes' calls fail with the same token", async () => {
    const store = createMemoryTokenStore();
    const endpoint = fakeEndpoint({ delayMs: 10 });
    const processes = [manager(store, endpoint.fetchToken), manager(store, endpoint.fetchToken)];
    await processes[0]?.get();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        processes[i % 2]?.withToken(async (token) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          if (token === "tok-1") throw tokenError();
          return token;
        }),
      ),
    );
    expect(new Set(results)).toEqual(new Set(["tok-2"]));
    expect(endpoint.calls).toBe(2);
  });
});

describe("memory token store", () => {
  it("gives a lock to one holder at a time, and lets it go when it expires", async () => {
    let now = 0;
    const store = createMemoryTokenStore({ now: () => now });
    const first = await store.lock("l", 100);
    expect(first).toBeDefined();
    expect(await store.lock("l", 100)).toBeUndefined();
    expect(await store.lock("other", 100)).toBeDefined();
    now += 100;
    const second = await store.lock("l", 100);
    expect(second).toBeDefined();
    await first?.release(); // too late: must not free the new holder's lock
    expect(await store.lock("l", 100)).toBeUndefined();
    await second?.release();
    expect(await store.lock("l", 100)).toBeDefined();
  });

  it("lets a lock be released twice, the second time doing nothing", async () => {
    const store = createMemoryTokenStore();
    const lock = await store.lock("l", 1000);
    await lock?.release();
    const next = await store.lock("l", 1000);
    expect(next).toBeDefined();
    await expect(lock?.release()).resolves.toBeUndefined();
    expect(await store.lock("l", 1000)).toBeUndefined();
    await next?.release();
    await expect(next?.release()).resolves.toBeUndefined();
  });

  it("compares before deleting", async () => {
    const store = createMemoryTokenStore();
    await store.set("k", { value: "a", fetchedAt: 1, expiresAt: 2 });
    expect(await store.compareAndDelete("k", "b")).toBe(false);
    expect(await store.get("k")).toEqual({ value: "a", fetchedAt: 1, expiresAt: 2 });
    expect(await store.compareAndDelete("k", "a")).toBe(true);
    expect(await store.compareAndDelete("k", "a")).toBe(false);
    expect(await store.get("k")).toBeUndefined();
  });
});
