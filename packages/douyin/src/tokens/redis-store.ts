import { randomUUID } from "node:crypto";
import type { StoredToken, TokenLock, TokenStore } from "./types.ts";

/**
 * A Redis connection that runs a command by name: ioredis's `call` as is; for node-redis,
 * `{ call: (...args) => client.sendCommand(args.map(String)) }`. The SDK depends on no Redis
 * client; bring yours.
 */
export interface RedisCommands {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisTokenStoreOptions {
  /** Prefix of every key the store writes (default `tt:douyin:`). */
  readonly prefix?: string;
}

// Deletes KEYS[1] only while it holds ARGV[1]: one atomic step on the server.
const DELETE_IF_EQUAL = `if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`;

/**
 * @tt/douyin's TokenStore on Redis: every process given a store on the same Redis shares one token
 * per app and kind, fetched once per expiry. A token is a JSON string that expires with the
 * token; the lock is `SET NX PX` (taken once, expires on its own) released only by its owner;
 * compare-and-delete is a Lua script. Seal the values with sealedTokenStore.
 */
export function createRedisTokenStore(
  redis: RedisCommands,
  options: RedisTokenStoreOptions = {},
): TokenStore {
  const prefix = options.prefix ?? "tt:douyin:";
  const tokenKey = (key: string) => `${prefix}token:${key}`;
  const lockKey = (name: string) => `${prefix}lock:${name}`;
  return {
    async get(key) {
      const raw = (await redis.call("GET", tokenKey(key))) as string | null;
      if (raw === null) return undefined;
      const parsed = JSON.parse(raw) as StoredToken;
      return { value: parsed.value, expiresAt: parsed.expiresAt, fetchedAt: parsed.fetchedAt };
    },

    async set(key, token) {
      const raw = JSON.stringify({
        value: token.value,
        expiresAt: token.expiresAt,
        fetchedAt: token.fetchedAt,
      });
      // Kept a day past its expiry (for the logs of whoever reads it), then gone on its own.
      const keepMs = Math.max(1, token.expiresAt - Date.now()) + 86_400_000;
      await redis.call("SET", tokenKey(key), raw, "PX", keepMs);
    },

    async compareAndDelete(key, expectedValue) {
      // The stored string, not the value alone: compare exactly what was read.
      const raw = (await redis.call("GET", tokenKey(key))) as string | null;
      if (raw === null || (JSON.parse(raw) as StoredToken).value !== expectedValue) return false;
      return (await redis.call("EVAL", DELETE_IF_EQUAL, 1, tokenKey(key), raw)) === 1;
    },

    async lock(name, ttlMs): Promise<TokenLock | undefined> {
      const owner = randomUUID();
      const taken = await redis.call("SET", lockKey(name), owner, "PX", Math.max(1, ttlMs), "NX");
      if (taken !== "OK") return undefined;
      return {
        async release() {
          await redis.call("EVAL", DELETE_IF_EQUAL, 1, lockKey(name), owner);
        },
      };
    },
  };
}
