import { randomUUID } from "node:crypto";
import type { StoredToken, TokenLock, TokenStore } from "@tt/douyin";
import type { PrismaClient } from "./client.ts";
import { isUniqueViolation } from "./errors.ts";

export interface PrismaTokenStoreOptions {
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
 * // values encrypted at rest: sealedTokenStore(createPrismaTokenStore(prisma), codec)
 * ```
 */
export function createPrismaTokenStore(
  prisma: PrismaClient,
  options: PrismaTokenStoreOptions = {},
): TokenStore {
  const now = options.now ?? Date.now;
  return {
    async get(key) {
      const row = await prisma.douyinToken.findUnique({ where: { key } });
      if (row === null) return undefined;
      return {
        value: row.value,
        expiresAt: row.expiresAt.getTime(),
        fetchedAt: row.fetchedAt.getTime(),
      } satisfies StoredToken;
    },

    async set(key, token) {
      const fields = {
        value: token.value,
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
      const { count } = await prisma.douyinToken.deleteMany({
        where: { key, value: expectedValue },
      });
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
