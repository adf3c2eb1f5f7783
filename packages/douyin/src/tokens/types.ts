/** The two platform credentials: `access_token` (developer.toutiao.com, legacy family) and
 * `client_token` (open.douyin.com, sent in the `access-token` header). */
export type TokenKind = "access_token" | "client_token";

/** A token as a store keeps it. Times are epoch milliseconds. */
export interface StoredToken {
  readonly value: string;
  /** When the platform stops accepting it (conservatively: counted from before the request). */
  readonly expiresAt: number;
  readonly fetchedAt: number;
}

/** A held store lock. Releasing a lock that expired and was taken over must leave the new owner's
 * lock in place. */
export interface TokenLock {
  release(): Promise<void>;
}

/**
 * Where tokens live, shared by every process of one deployment (a database, Redis…). The SDK
 * never knows what is behind it. Keys are opaque strings made by the SDK; they contain the
 * environment, the appid and the token kind, so several apps can share one store.
 *
 * Each method must be atomic on its own; nothing needs transactions across calls.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Replaces whatever is stored under key. */
  set(key: string, token: StoredToken): Promise<void>;
  /** Deletes the token under key only if its value is still `expectedValue`; true if deleted. */
  compareAndDelete(key: string, expectedValue: string): Promise<boolean>;
  /**
   * Tries once to take the lock `name` for `ttlMs` (no waiting): undefined when another holder's
   * lock has not expired yet. An expired lock is taken over. Must be atomic across processes.
   */
  lock(name: string, ttlMs: number): Promise<TokenLock | undefined>;
}

/** What call modules receive to run a call with a token (see createDouyinClient). */
export interface TokenAccess {
  /**
   * Runs `fn` with a current token of `kind`. If `fn` throws a DouyinError of category
   * "token-invalid", expires that token (only if it is still the stored one), gets a new one and
   * runs `fn` exactly once more; a second failure is thrown as is.
   */
  withToken<T>(kind: TokenKind, fn: (token: string) => Promise<T>): Promise<T>;
}

/** `client.tokens`. */
export interface DouyinTokens extends TokenAccess {
  /** A current access_token (developer.toutiao.com family). */
  accessToken(): Promise<string>;
  /** A current client_token (`clt.…`, open.douyin.com family). */
  clientToken(): Promise<string>;
}
