import path from "node:path";
import {
  createMemoryTokenStore,
  createTokenManager,
  sealedTokenStore,
  type TokenStore,
  tokenStoreKey,
} from "@tt/douyin";
import { aesGcmTestCodec } from "@tt/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPrismaClient,
  createPrismaTokenStore,
  migrateSqliteFile,
  type PrismaClient,
} from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir();
let prisma: PrismaClient;
let other: PrismaClient; // a second connection, as another process would have
let now = Date.UTC(2026, 10, 27, 12);
let store: TokenStore;
let otherStore: TokenStore;

beforeAll(() => {
  const file = path.join(tmp, "tokens.db");
  migrateSqliteFile(file);
  prisma = createPrismaClient(file);
  other = createPrismaClient(file);
  store = createPrismaTokenStore(prisma, { now: () => now });
  otherStore = createPrismaTokenStore(other, { now: () => now });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await other?.$disconnect();
});

const token = (value: string, expiresAt = now + 7_200_000) => ({
  value,
  expiresAt,
  fetchedAt: now,
});

describe("createPrismaTokenStore", () => {
  it("sets, replaces and gets a token with its times to the millisecond", async () => {
    expect(await store.get("k:get")).toBeUndefined();
    await store.set("k:get", token("first", now + 123));
    expect(await otherStore.get("k:get")).toEqual(token("first", now + 123));
    await otherStore.set("k:get", token("second"));
    expect(await store.get("k:get")).toEqual(token("second"));
    expect(await prisma.douyinToken.count({ where: { key: "k:get" } })).toBe(1);
  });

  it("deletes only the expected value (compare-and-delete)", async () => {
    await store.set("k:cad", token("current"));
    expect(await otherStore.compareAndDelete("k:cad", "stale")).toBe(false);
    expect((await store.get("k:cad"))?.value).toBe("current");
    expect(await otherStore.compareAndDelete("k:cad", "current")).toBe(true);
    expect(await store.get("k:cad")).toBeUndefined();
    expect(await store.compareAndDelete("k:cad", "current")).toBe(false);
    expect(await store.compareAndDelete("k:missing", "x")).toBe(false);
  });

  it("holds values sealed by sealedTokenStore, which still compares and deletes by value", async () => {
    const codec = aesGcmTestCodec();
    const sealed = sealedTokenStore(createPrismaTokenStore(prisma, { now: () => now }), codec);
    const otherSealed = sealedTokenStore(createPrismaTokenStore(other, { now: () => now }), codec);
    await sealed.set("k:sealed", token("clt.secret-token"));
    const row = await prisma.douyinToken.findUniqueOrThrow({ where: { key: "k:sealed" } });
    expect(row.value).not.toContain("secret-token");
    expect(await otherSealed.get("k:sealed")).toEqual(token("clt.secret-token"));
    expect(await otherSealed.compareAndDelete("k:sealed", "clt.other")).toBe(false);
    expect(await otherSealed.compareAndDelete("k:sealed", "clt.secret-token")).toBe(true);
    expect(await sealed.get("k:sealed")).toBeUndefined();
  });

  it("keeps two apps' keys apart", async () => {
    const a = tokenStoreKey("production", "client_token", "tt_app_a");
    const b = tokenStoreKey("production", "client_token", "tt_app_b");
    await store.set(a, token("token-a"));
    await store.set(b, token("token-b"));
    expect((await store.get(a))?.value).toBe("token-a");
    expect((await store.get(b))?.value).toBe("token-b");
    expect(await store.compareAndDelete(a, "token-b")).toBe(false);
    expect(await store.compareAndDelete(a, "token-a")).toBe(true);
    expect((await store.get(b))?.value).toBe("token-b");
  });

  it("gives a lock to one holder at a time, across connections", async () => {
    const first = await store.lock("l:excl", 10_000);
    expect(first).toBeDefined();
    expect(await otherStore.lock("l:excl", 10_000)).toBeUndefined();
    expect(await store.lock("l:excl", 10_000)).toBeUndefined();
    expect(await otherStore.lock("l:excl:other", 10_000)).toBeDefined();
    await first?.release();
    const second = await otherStore.lock("l:excl", 10_000);
    expect(second).toBeDefined();
    await second?.release();
  });

  it("lets one of many simultaneous contenders win", async () => {
    const contenders = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store : otherStore).lock("l:race", 10_000)),
    );
    expect(contenders.filter((lock) => lock !== undefined)).toHaveLength(1);
    await Promise.all(contenders.map((lock) => lock?.release()));
  });

  it("takes over an expired lock; the old owner's release leaves the new lock alone", async () => {
    const first = await store.lock("l:exp", 1_000);
    now += 999;
    expect(await otherStore.lock("l:exp", 1_000)).toBeUndefined();
    now += 1;
    const second = await otherStore.lock("l:exp", 1_000);
    expect(second).toBeDefined();
    await first?.release();
    expect(await store.lock("l:exp", 1_000)).toBeUndefined();
    const row = await prisma.douyinLock.findUnique({ where: { name: "l:exp" } });
    expect(row?.expiresAt.getTime()).toBe(now + 1_000);
    await second?.release();
    expect(await prisma.douyinLock.findUnique({ where: { name: "l:exp" } })).toBeNull();
  });

  it("serves the SDK's token manager: one fetch for two processes", async () => {
    let fetches = 0;
    const fetchToken = async () => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { value: `clt.${fetches}`, expiresInSeconds: 7200 };
    };
    const managers = [store, otherStore].map((s) =>
      createTokenManager({
        kind: "client_token",
        appid: "tt_app_manager",
        store: s,
        fetchToken,
        now: () => now,
        pollIntervalMs: 5,
      }),
    );
    const values = await Promise.all(Array.from({ length: 50 }, (_, i) => managers[i % 2]?.get()));
    expect(new Set(values)).toEqual(new Set(["clt.1"]));
    expect(fetches).toBe(1);
  });

  it("behaves like the SDK's memory store on the same script", async () => {
    const script = async (s: TokenStore) => {
      const log: unknown[] = [];
      await s.set("k:same", token("v1"));
      log.push(await s.compareAndDelete("k:same", "v0"));
      log.push((await s.get("k:same"))?.value);
      const lock = await s.lock("l:same", 500);
      log.push(lock !== undefined, (await s.lock("l:same", 500)) !== undefined);
      await lock?.release();
      log.push((await s.lock("l:same", 500)) !== undefined);
      return log;
    };
    expect(await script(createPrismaTokenStore(prisma, { now: () => now }))).toEqual(
      await script(createMemoryTokenStore({ now: () => now })),
    );
  });
});
