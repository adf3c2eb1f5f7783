// REDIS_URL (TEST_REDIS_URL in the suite; CI: redis://127.0.0.1:6379): two instances, each on a
// database of its own, share the platform token through Redis (one fetch, sealed in Redis) and
// count against the same rate limits and the same window of wrong admin keys. Each test app gets a key prefix of its own.
import { randomBytes } from "node:crypto";
import { testDatabaseUrl } from "@tt/test-support";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const redisUrl = process.env.TEST_REDIS_URL;
const api = useApi();
const inspector = redisUrl ? new Redis(redisUrl) : undefined;
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = (await inspector?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await inspector?.del(...keys);
  }
  await inspector?.quit();
});

function sharedRedis(extra: Record<string, string> = {}) {
  const prefix = `tt-test-${randomBytes(4).toString("hex")}:`;
  prefixes.push(prefix);
  return { REDIS_URL: redisUrl ?? "", REDIS_KEY_PREFIX: prefix, ...extra };
}

describe.skipIf(redisUrl === undefined)("with REDIS_URL", () => {
  it("shares one platform token between instances on different databases, sealed", async () => {
    // Instances of one deployment share their keys (tokens are sealed with this one).
    const env = sharedRedis({ SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    const one = await api.build({ ...env, DATABASE_URL: testDatabaseUrl(api.dir, "redis-one") });
    const two = await api.build({ ...env, DATABASE_URL: testDatabaseUrl(api.dir, "redis-two") });
    const fetches = async () => {
      const stats = await (await fetch(`${api.emulator.url}/emulator/stats`)).json();
      return (stats as { calls: Record<string, number> }).calls["/oauth/client_token/"] ?? 0;
    };
    const before = await fetches();
    const [first, second] = await Promise.all([
      one.app.douyin.tokens.clientToken(),
      two.app.douyin.tokens.clientToken(),
    ]);
    expect(second).toBe(first);
    expect(await fetches()).toBe(before + 1);
    expect(await one.app.db.douyinToken.count()).toBe(0);
    const stored = await Promise.all(
      ((await inspector?.keys(`${env.REDIS_KEY_PREFIX}*`)) ?? []).map((key) => inspector?.get(key)),
    );
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.join("\n")).not.toContain(first);
  });

  it("counts every instance's requests against one rate limit", async () => {
    const env = sharedRedis({ RATE_LIMIT_AUTH_PER_MINUTE: "3" });
    const one = await api.build(env);
    const two = await api.build(env);
    const refresh = (app: typeof one.app) =>
      app.inject({
        method: "POST",
        url: "/api/auth/refresh",
        payload: { refreshToken: "not-a-token-but-counted" },
      });
    expect((await refresh(one.app)).statusCode).toBe(401);
    expect((await refresh(two.app)).statusCode).toBe(401);
    expect((await refresh(one.app)).statusCode).toBe(401);
    const limited = await refresh(two.app);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("counts a client's wrong admin keys on every instance together", async () => {
    const env = sharedRedis({ RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: "2" });
    const one = await api.build(env);
    const two = await api.build({ ...env, ADMIN_API_KEY: one.config.adminApiKey ?? "" });
    const users = (app: typeof one.app, key: string) =>
      app.inject({ url: "/api/admin/users", headers: { "x-admin-key": key } });
    const right = one.config.adminApiKey ?? "";
    expect((await users(one.app, "wrong-one".padEnd(40, "x"))).statusCode).toBe(403);
    expect((await users(two.app, "wrong-two".padEnd(40, "x"))).statusCode).toBe(403);
    const limited = await users(one.app, right);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
  });
});
