// The plain-SQL side of @tt/db (the hot paths): what it writes, Prisma reads back the same (dates,
// booleans, ids, text order), and the other way round; reads never see a transaction in progress;
// on SQLite a plain-SQL write waits for Prisma's open transaction instead of failing.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type DatabaseAccess,
  type DatabaseLocation,
  migrateDatabase,
  openDatabaseAccess,
  readerBoolean,
  readerDate,
  uuidV7,
} from "../src/index.ts";
import { testDatabaseUrl, usePostgresSchemas } from "./support/postgres.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir();
const postgresSchema = usePostgresSchemas();
const opened: DatabaseAccess[] = [];
afterAll(async () => {
  await Promise.all(opened.map((access) => access.close()));
});

const providers: { name: string; location: () => DatabaseLocation; skip: boolean }[] = [
  {
    name: "SQLite",
    location: () => ({ provider: "sqlite", file: path.join(tmp, `access-${opened.length}.db`) }),
    skip: false,
  },
  {
    name: "PostgreSQL",
    location: () => ({ provider: "postgresql", url: postgresSchema() }),
    skip: testDatabaseUrl === undefined,
  },
];

async function open(location: DatabaseLocation): Promise<DatabaseAccess> {
  await migrateDatabase(location);
  const access = await openDatabaseAccess(location);
  opened.push(access);
  return access;
}

describe("uuidV7", () => {
  it("is a version 7 UUID that orders by time", () => {
    const earlier = uuidV7(1_700_000_000_000);
    const later = uuidV7(1_700_000_000_001);
    expect(earlier).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe("018bcfe5-6800");
  });
});

for (const provider of providers) {
  describe.skipIf(provider.skip)(`plain SQL beside Prisma on ${provider.name}`, () => {
    it("writes what Prisma reads back unchanged, and reads what Prisma wrote", async () => {
      const { client, reader, writer } = await open(provider.location());
      const user = await client.user.create({ data: { appid: "tt_a", openid: "o1" } });
      const at = new Date("2026-01-02T03:04:05.678Z");
      await writer.transaction(async (sql) => {
        await sql.all(
          'INSERT INTO "SubscriptionGrant" ("id", "userId", "templateId", "kind", "credits", "active", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [uuidV7(), user.id, "MSG1", "long-term", 0, false, at, at],
        );
      });
      const grant = await client.subscriptionGrant.findFirstOrThrow({ where: { userId: user.id } });
      expect(grant).toMatchObject({ active: false, createdAt: at, updatedAt: at, credits: 0 });

      const [row] = await reader.all('SELECT * FROM "User" WHERE "id" = ?', [user.id]);
      expect(readerDate(row?.createdAt)).toEqual(user.createdAt);
      const [flag] = await reader.all('SELECT "active" FROM "SubscriptionGrant"', []);
      expect(readerBoolean(flag?.active)).toBe(false);
    });

    it("keeps text order of dates as Prisma writes them (newest first)", async () => {
      const { client, writer, reader } = await open(provider.location());
      const user = await client.user.create({ data: { appid: "tt_a", openid: "o2" } });
      const base = Date.parse("2026-03-01T00:00:00.000Z");
      await client.locationSample.create({
        data: {
          userId: user.id,
          latitude: 1,
          longitude: 1,
          coordType: "wgs84",
          createdAt: new Date(base + 1),
        },
      });
      await writer.transaction((sql) =>
        sql.all(
          'INSERT INTO "LocationSample" ("id", "userId", "latitude", "longitude", "coordType", "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
          [uuidV7(), user.id, 2, 2, "wgs84", new Date(base + 1000)],
        ),
      );
      const [newest] = await reader.all(
        'SELECT "latitude" FROM "LocationSample" WHERE "userId" = ? ORDER BY "createdAt" DESC LIMIT 1',
        [user.id],
      );
      expect(newest?.latitude).toBe(2);
    });

    it("rolls a failed transaction back", async () => {
      const { client, writer } = await open(provider.location());
      await expect(
        writer.transaction(async (sql) => {
          await sql.all(
            'INSERT INTO "User" ("id", "appid", "openid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?)',
            [uuidV7(), "tt_a", "rolled-back", new Date(), new Date(), new Date()],
          );
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      expect(await client.user.count({ where: { openid: "rolled-back" } })).toBe(0);
    });

    it("never reads another transaction's uncommitted writes", async () => {
      const { client, reader } = await open(provider.location());
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written: () => void = () => undefined;
      const inside = new Promise<void>((resolve) => {
        written = resolve;
      });
      const transaction = client.$transaction(async (tx) => {
        await tx.user.create({ data: { appid: "tt_a", openid: "uncommitted" } });
        written();
        await held;
      });
      await inside;
      const seen = await reader.all('SELECT 1 FROM "User" WHERE "openid" = ?', ["uncommitted"]);
      release();
      await transaction;
      expect(seen).toEqual([]);
      expect(
        await reader.all('SELECT 1 FROM "User" WHERE "openid" = ?', ["uncommitted"]),
      ).toHaveLength(1);
    });
  });
}

describe.skipIf(testDatabaseUrl === undefined)("on PostgreSQL, an aborted transaction", () => {
  it("is not reported as committed when the work swallowed the failed statement", async () => {
    const { client, writer } = await open({ provider: "postgresql", url: postgresSchema() });
    const insert = (openid: string) =>
      [
        'INSERT INTO "User" ("id", "appid", "openid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?)',
        [uuidV7(), "tt_a", openid, new Date(), new Date(), new Date()],
      ] as const;
    await writer.transaction((sql) => sql.all(...insert("taken")));
    await expect(
      writer.transaction(async (sql) => {
        await sql.all(...insert("kept?"));
        await sql.all(...insert("taken")).catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await client.user.count({ where: { openid: "kept?" } })).toBe(0);
    // The connection went back usable.
    await writer.transaction((sql) => sql.all(...insert("after")));
    expect(await client.user.count({ where: { openid: "after" } })).toBe(1);
  });
});

describe("on SQLite, plain-SQL writes and Prisma's transactions", () => {
  it("waits for Prisma's open transaction instead of failing or running inside it", async () => {
    const { client, writer } = await open({
      provider: "sqlite",
      file: path.join(tmp, "waits.db"),
    });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => {
      started = resolve;
    });
    const transaction = client.$transaction(async (tx) => {
      await tx.user.create({ data: { appid: "tt_a", openid: "first" } });
      started();
      await held;
      order.push("prisma commits");
    });
    await inside;
    const write = writer.transaction(async (sql) => {
      order.push("plain write runs");
      await sql.all(
        'INSERT INTO "User" ("id", "appid", "openid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?)',
        [uuidV7(), "tt_a", "second", new Date(), new Date(), new Date()],
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await Promise.all([transaction, write]);
    expect(order).toEqual(["prisma commits", "plain write runs"]);
    expect(await client.user.count()).toBe(2);
  });
});
