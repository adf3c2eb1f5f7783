// createRedisTokenStore on a real Redis (TEST_REDIS_URL; CI: redis://127.0.0.1:6379), each test
// under a key prefix of its own: the TokenStore contract across separate connections (as separate
// processes would hold), sealing by sealedTokenStore, and one fetch for many managers at once.
import { randomBytes } from "node:crypto";
import { aesGcmTestCodec } from "@tt/test-support";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  createRedisTokenStore,
  createTokenManager,
  type FetchedToken,
  sealedTokenStore,
  type TokenStore,
} from "../src/index.ts";

const url = process.env.TEST_REDIS_URL;
const connections: Redis[] = [];
afterAll(async () => {
  const [first] = connections;
  if (first) {
    const keys = await first.keys("tt-test:*");
    if (keys.length > 0) await first.del(...keys);
  }
  await Promise.all(connections.map((connection) => connection.quit()));
});

function connect(): Redis {
  const connection = new Redis(url ?? "", { lazyConnect: false, maxRetriesPerRequest: 1 });
  connections.push(connection);
  return connection;
}

/** Two stores on two connections, sharing a prefix of their own. */
function twoStores(): [TokenStore, TokenStore, Redis] {
  const prefix = `tt-test:${randomBytes(6).toString("hex")}:`;
  const a = connect();
  return [createRedisTokenStore(a, { prefix }), createRedisTokenStore(connect(), { prefix }), a];
}

const issuedAt = Date.now();
const token = (value: string) => ({ value, expiresAt: issuedAt + 7_200_000, fetchedAt: issuedAt });

async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(url === undefined)("the Redis token store", () => {
  it("stores, reads and replaces a token, read back by another connection", async () => {
    const [store, other] = twoStores();
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", token("clt.one"));
    expect(await other.get("k")).toEqual(token("clt.one"));
    const replaced = { value: "clt.two", expiresAt: 10, fetchedAt: 5 };
    await other.set("k", replaced);
    expect(await store.get("k")).toEqual(replaced);
  });

  it("deletes only the value it was asked to", async () => {
    const [store, other] = twoStores();
    await store.set("k", token("current"));
    expect(await other.compareAndDelete("k", "stale")).toBe(false);
    expect((await store.get("k"))?.value).toBe("current");
    expect(await other.compareAndDelete("k", "current")).toBe(true);
    expect(await store.get("k")).toBeUndefined();
    expect(await store.compareAndDelete("k", "current")).toBe(false);
  });

  it("gives a lock to one holder at a time, takes over an expired one, releases only its own", async () => {
    const [store, other] = twoStores();
    const first = await store.lock("l", 100);
    expect(first).toBeDefined();
    expect(await other.lock("l", 10_000)).toBeUndefined();
    expect(await other.lock("l:else", 10_000)).toBeDefined();
    // The first holder's lock expires; another takes it; the first one's release leaves it.
    let second: Awaited<ReturnType<TokenStore["lock"]>>;
    await eventually(async () => {
      second = await other.lock("l", 10_000);
      return second !== undefined;
    });
    await first?.release();
    expect(await store.lock("l", 10_000)).toBeUndefined();
    await second?.release();
    expect(await store.lock("l", 10_000)).toBeDefined();
  });

  it("keeps sealed values unreadable in Redis, and compares them by their plain value", async () => {
    const [store, other, redis] = twoStores();
    const codec = aesGcmTestCodec();
    const sealed = sealedTokenStore(store, codec);
    await sealed.set("k", token("clt.secret-token"));
    const everything = await Promise.all((await redis.keys("tt-test:*")).map((k) => redis.get(k)));
    expect(everything.join("\n")).not.toContain("secret-token");
    const otherSealed = sealedTokenStore(other, codec);
    expect((await otherSealed.get("k"))?.value).toBe("clt.secret-token");
    // Under another codec key the value reads as absent (a new token would be fetched).
    const rotated = sealedTokenStore(other, {
      ...codec,
      open: () => {
        throw new Error("no");
      },
    });
    expect(await rotated.get("k")).toBeUndefined();
    expect(await otherSealed.compareAndDelete("k", "clt.other")).toBe(false);
    expect(await otherSealed.compareAndDelete("k", "clt.secret-token")).toBe(true);
    expect(await sealed.get("k")).toBeUndefined();
  });

  it("lets twenty managers on five connections fetch one token together", async () => {
    const prefix = `tt-test:${randomBytes(6).toString("hex")}:`;
    const stores = Array.from({ length: 5 }, () => createRedisTokenStore(connect(), { prefix }));
    let fetches = 0;
    const fetchToken = async (): Promise<FetchedToken> => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { value: `clt.fetched-${fetches}`, expiresInSeconds: 7_200 };
    };
    const managers = Array.from({ length: 20 }, (_, i) =>
      createTokenManager({
        kind: "client_token",
        appid: "tt_redis",
        fetchToken,
        store: stores[i % 5] as TokenStore,
        pollIntervalMs: 5,
      }),
    );
    const tokens = await Promise.all(managers.map((manager) => manager.get()));
    expect(new Set(tokens)).toEqual(new Set(["clt.fetched-1"]));
    expect(fetches).toBe(1);
  });
});
