import type { StoredToken, TokenLock, TokenStore } from "./types.ts";

export interface MemoryTokenStoreOptions {
  /** Clock of lock expiry, epoch ms. Default Date.now. */
  readonly now?: () => number;
}

/**
 * A token store in this process's memory: right for one process (the default of
 * createDouyinClient), wrong for several, which would each fetch and invalidate each other's
 * tokens. Give every process the same shared store instead (e.g. createPrismaTokenStore of @tt/db).
 */
export function createMemoryTokenStore(options: MemoryTokenStoreOptions = {}): TokenStore {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, StoredToken>();
  const locks = new Map<string, { owner: symbol; expiresAt: number }>();

  return {
    async get(key) {
      const token = tokens.get(key);
      return token === undefined ? undefined : { ...token };
    },
    async set(key, token) {
      tokens.set(key, {
        value: token.value,
        expiresAt: token.expiresAt,
        fetchedAt: token.fetchedAt,
      });
    },
    async compareAndDelete(key, expectedValue) {
      if (tokens.get(key)?.value !== expectedValue) return false;
      tokens.delete(key);
      return true;
    },
    async lock(name, ttlMs): Promise<TokenLock | undefined> {
      const held = locks.get(name);
      if (held !== undefined && held.expiresAt > now()) return undefined;
      const owner = Symbol(name);
      locks.set(name, { owner, expiresAt: now() + ttlMs });
      return {
        async release() {
          if (locks.get(name)?.owner === owner) locks.delete(name);
        },
      };
    },
  };
}
