import { setTimeout as delay } from "node:timers/promises";
import { DouyinError, isDouyinError } from "../errors.ts";
import type { StoredToken, TokenKind, TokenStore } from "./types.ts";

/** What one request to the platform's token endpoint gave. */
export interface FetchedToken {
  readonly value: string;
  /** The platform's expires_in. */
  readonly expiresInSeconds: number;
}

export const DEFAULT_REFRESH_AHEAD_MS = 5 * 60_000;
export const DEFAULT_LOCK_TTL_MS = 30_000;
export const DEFAULT_POLL_INTERVAL_MS = 50;

export interface TokenManagerOptions {
  readonly kind: TokenKind;
  /** The app the token belongs to (appid, also the client_key). Part of the store key. */
  readonly appid: string;
  /** One request to the platform's token endpoint (retries, if any, are its business). */
  readonly fetchToken: () => Promise<FetchedToken>;
  readonly store: TokenStore;
  /** Part of the store key, so that e.g. sandbox and production tokens never mix. Default
   * "default"; the client passes its environment. */
  readonly namespace?: string;
  /** Refresh when less than this remains (default 5 min: inside the platform's 5-minute overlap
   * of old and new token). Capped at half a token's lifetime. */
  readonly refreshAheadMs?: number;
  /** How long the store lock of one refresh lives; must exceed a fetch with its retries.
   * Default 30 s. */
  readonly lockTtlMs?: number;
  /** How long to wait for another process's refresh before giving up. Default lockTtlMs + 2 s:
   * a crashed holder's lock expires first and is taken over. */
  readonly waitForOthersMs?: number;
  /** First sleep between polls of the store while another process refreshes; grows to 8 times
   * this, each jittered by ±50 %. Default 50 ms. */
  readonly pollIntervalMs?: number;
  /** Path named in errors of this manager (the token endpoint). */
  readonly path?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface TokenManager {
  readonly kind: TokenKind;
  /** The store key of this app's token of this kind. */
  readonly key: string;
  /** A current token: from the store, or fetched once for every caller and process. */
  get(): Promise<string>;
  /** Runs fn with a current token; on a "token-invalid" DouyinError expires that token (only if
   * still stored), gets another and runs fn exactly once more. A second error is thrown. */
  withToken<T>(fn: (token: string) => Promise<T>): Promise<T>;
  /** Marks `value` as refused by the platform and deletes it from the store if it is still the
   * stored token; true if this call deleted it. */
  invalidate(value: string): Promise<boolean>;
}

/** `douyin:<namespace>:<kind>:<appid>`: the appid comes last, so keys cannot be ambiguous. */
export function tokenStoreKey(namespace: string, kind: TokenKind, appid: string): string {
  return `douyin:${namespace}:${kind}:${appid}`;
}

/** Recently refused values a process remembers, so that it never hands one out again. */
const REMEMBERED_REFUSALS = 16;

/**
 * One token of one app, shared by every caller of this process (single flight) and, through the
 * store's lock, by every process using the same store: one fetch per expiry.
 *
 * get(): a fresh stored token is used as is. Otherwise one caller per process tries the store
 * lock; the winner reads the store again (another process may just have refreshed), fetches,
 * stores and releases. A loser keeps using a stored token that has not expired yet; without one
 * it polls the store with jittered sleeps until a fresh token appears or the lock can be taken.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const {
    kind,
    store,
    fetchToken,
    now = Date.now,
    sleep = (ms: number) => delay(ms),
    random = Math.random,
  } = options;
  const refreshAheadMs = nonNegative(
    options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS,
    "refreshAheadMs",
  );
  const lockTtlMs = positive(options.lockTtlMs ?? DEFAULT_LOCK_TTL_MS, "lockTtlMs");
  const waitForOthersMs = nonNegative(
    options.waitForOthersMs ?? lockTtlMs + 2_000,
    "waitForOthersMs",
  );
  const pollIntervalMs = positive(
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    "pollIntervalMs",
  );
  const key = tokenStoreKey(options.namespace ?? "default", kind, options.appid);
  const lockName = `${key}:refresh`;
  const path = options.path ?? kind;

  const refused: string[] = [];
  let inFlight: Promise<StoredToken> | undefined;

  const refreshAt = (token: StoredToken) =>
    token.expiresAt - Math.min(refreshAheadMs, (token.expiresAt - token.fetchedAt) / 2);
  const isFresh = (token: StoredToken | undefined): token is StoredToken =>
    token !== undefined && !refused.includes(token.value) && refreshAt(token) > now();
  const isUsable = (token: StoredToken | undefined): token is StoredToken =>
    token !== undefined && !refused.includes(token.value) && token.expiresAt > now();

  async function fetchAndStore(): Promise<StoredToken> {
    const startedAt = now();
    const fetched = await fetchToken();
    // Counted from before the request: the platform's clock started no earlier.
    const token: StoredToken = {
      value: fetched.value,
      fetchedAt: startedAt,
      expiresAt: startedAt + fetched.expiresInSeconds * 1000,
    };
    await store.set(key, token);
    const index = refused.indexOf(token.value);
    if (index !== -1) refused.splice(index, 1);
    return token;
  }

  async function obtain(): Promise<StoredToken> {
    const deadline = now() + waitForOthersMs;
    for (let poll = 0; ; poll++) {
      const stored = await store.get(key);
      if (isFresh(stored)) return stored;
      const lock = await store.lock(lockName, lockTtlMs);
      if (lock !== undefined) {
        try {
          const again = await store.get(key);
          if (isFresh(again)) return again;
          try {
            return await fetchAndStore();
          } catch (error) {
            // An early refresh that failed: the current token still works until it expires.
            if (isUsable(again)) return again;
            throw error;
          }
        } finally {
          // A lock that cannot be released expires after lockTtlMs: not worth failing the call.
          await lock.release().catch(() => undefined);
        }
      }
      // Another process is refreshing: its token is on the way; the stored one still works.
      if (isUsable(stored)) return stored;
      if (now() >= deadline) {
        throw new DouyinError({
          platformCode: "timeout",
          message: `waited ${waitForOthersMs} ms for another process to fetch the ${kind}`,
          path,
          kind: "timeout",
          category: "retryable",
          reason: "timeout",
        });
      }
      const base = Math.min(pollIntervalMs * 1.5 ** poll, pollIntervalMs * 8);
      await sleep(Math.max(1, Math.round(base * (0.5 + random()))));
    }
  }

  function current(): Promise<StoredToken> {
    // The flight is set before its finally callback can run (always asynchronously), and no other
    // flight starts while it is set: the callback always clears this one.
    inFlight ??= obtain().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function invalidate(value: string): Promise<boolean> {
    if (!refused.includes(value)) {
      refused.push(value);
      if (refused.length > REMEMBERED_REFUSALS) refused.shift();
    }
    return store.compareAndDelete(key, value);
  }

  return Object.freeze({
    kind,
    key,
    get: async () => (await current()).value,
    invalidate,
    async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
      const first = (await current()).value;
      try {
        return await fn(first);
      } catch (error) {
        if (!isDouyinError(error) || error.category !== "token-invalid") throw error;
      }
      await invalidate(first);
      let next = (await current()).value;
      // A flight that started before the refusal may still answer the refused value: one more.
      if (next === first) next = (await current()).value;
      return fn(next);
    },
  });
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${field} must be a positive number of milliseconds`);
  }
  return value;
}

function nonNegative(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative number of milliseconds`);
  }
  return value;
}
