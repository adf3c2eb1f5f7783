import type { TokenStore } from "./types.ts";

/** Encrypts token values at rest; `context` (the store key) binds a value to its key. */
export interface TokenValueCodec {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string;
}

/**
 * Any TokenStore with its values sealed by `codec`: what the store (a database, Redis) keeps is
 * ciphertext bound to its key. A value that does not open (sealed under another key, or copied
 * from another key) reads as absent, so a fresh token is fetched instead of failing.
 */
export function sealedTokenStore(store: TokenStore, codec: TokenValueCodec): TokenStore {
  const open = (sealed: string, key: string): string | undefined => {
    try {
      return codec.open(sealed, key);
    } catch {
      return undefined;
    }
  };
  return {
    async get(key) {
      const stored = await store.get(key);
      if (stored === undefined) return undefined;
      const value = open(stored.value, key);
      return value === undefined ? undefined : { ...stored, value };
    },
    async set(key, token) {
      await store.set(key, { ...token, value: codec.seal(token.value, key) });
    },
    async compareAndDelete(key, expectedValue) {
      // Sealing is randomized: compare what opens, delete what is stored (if it still is).
      const stored = await store.get(key);
      if (stored === undefined) return false;
      const value = open(stored.value, key);
      if (value !== undefined && value !== expectedValue) return false;
      return store.compareAndDelete(key, stored.value);
    },
    lock: (name, ttlMs) => store.lock(name, ttlMs),
  };
}
