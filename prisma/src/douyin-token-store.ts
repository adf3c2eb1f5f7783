import { randomUUID } from "node:crypto";
import type { StoredToken, TokenLock, TokenStore } from "@tt/douyin";
import type { PrismaClient } from "./client.ts";
import { isUniqueViolation } from "./errors.ts";

/** Encrypts token values at rest; `context` (the store key) binds a value to its row. */
export interface TokenValueCodec {
  seal(value: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface PrismaTokenStoreOptions {
  /** Seals token values in the table; without it they are stored as the platform issued them. */
  readonly codec?: TokenValueCodec;
  /** Clock of lock expiry, epoch ms. Default Date.now. Processes sharing the database must agree
   * on the time within a fraction of the lock TTL (one host, or NTP). */
  readonly now?: () => number;
}

/**
 * @tt/douyin's TokenStore on the database (models DouyinToken and DouyinLock): every process of
 * the API that is given this store shares one access_token and one client_token per app, fetched
 * once per expiry. Each method is one SQL statement, atomic on its own.
 *
 * ```ts
 * createDouyinClient({ ...config.douyin, tokenStore: createPrismaTokenStore(prisma) });
 * ```
 */
export function createPrismaTokenStore(
  prisma: PrismaClient,
  options: PrismaTokenStoreOptions = {},
): TokenStore {
  const now = options.now ?? Date.now;
  const { codec } = options;
  // A value sealed under another key (rotated, or stored before sealing) reads as absent: the
  // token manager then fetches a new one, which replaces it.
  const open = (sealed: string, key: string): string | undefined => {
    if (!codec) return sealed;
    try {
      return codec.open(sealed, key);
    } catch {
      return undefined;
    }
  };
  return {
    async get(key) {
      const row = await prisma.douyinToken.findUnique({ where: { key } });
      const value = row === null ? undefined : open(row.value, key);
      if (row === null || value === undefined) return undefined;
      return {
        value,
        expiresAt: row.expiresAt.getTime(),
        fetchedAt: row.fetchedAt.getTime(),
      } satisfies StoredToken;
    },

    async set(key, token) {
      const fields = {
        value: codec ? codec.seal(token.value, key) : token.value,
        expiresAt: new Date(token.expiresAt),
        fetchedAt: new Date(token.fetchedAt),
      };
      await prisma.douyinToken.upsert({
        where: { key },
        create: { key, ...fields },
        update: fields,
      });
    },

    async compareAndDelete(key, expectedValue) {
      if (!codec) {
        const { count } = await prisma.douyinToken.deleteMany({
          where: { key, value: expectedValue },
        });
        return count > 0;
      }
      // Sealed values differ at every seal: compare the opened value, then delete only the row
      // that was read (a conditional delete), so a token replaced meanwhile survives.
      const row = await prisma.douyinToken.findUnique({ where: { key } });
      if (row === null) return false;
      const value = open(row.value, key);
      // An unreadable row is deleted too: nobody can use it.
      if (value !== undefined && value !== expectedValue) return false;
      const { count } = await prisma.douyinToken.deleteMany({ where: { key, value: row.value } });
      return count > 0;
    },

    async lock(name, ttlMs): Promise<TokenLock | undefined> {
      const owner = randomUUID();
      const at = now();
      const expiresAt = new Date(at + ttlMs);
      // Either statement alone decides: INSERT fails on an existing row (held or expired), and the
      // conditional UPDATE takes over only a row whose lease has run out. Never read-then-write.
      let acquired: boolean;
      try {
        await prisma.douyinLock.create({ data: { name, owner, expiresAt } });
        acquired = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const { count } = await prisma.douyinLock.updateMany({
          where: { name, expiresAt: { lte: new Date(at) } },
          data: { owner, expiresAt },
        });
        acquired = count === 1;
      }
      if (!acquired) return undefined;
      return {
        async release() {
          // Only while still the owner: an expired lease may belong to another process by now.
          await prisma.douyinLock.deleteMany({ where: { name, owner } });
        },
      };
    },
  };
}
