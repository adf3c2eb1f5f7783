// The users service (plugins/app/users.ts) called directly, against a real database: the rules of
// upsertIdentity (guests and full users never mix), the session key stored only when one came,
// the admin listing's pages, and the retry of a first login that lost a race on a unique index.
// Every test builds its own app (no beforeAll): a plugin that fails to register must fail a test,
// not skip it. No platform is contacted.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isUniqueViolation } from "@tt/db";
import { apiTestEnv, testDatabaseUrl } from "@tt/test-support";
import Fastify from "fastify";
import fp from "fastify-plugin";
import { afterAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import usersPlugin, { type Users } from "../src/plugins/app/users.ts";
import { delegatingUnit, LogCapture, registerOnHost } from "./helper.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-users-"));
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(dir, { recursive: true, force: true });
});

let built = 0;
async function freshApp(): Promise<App> {
  built += 1;
  const config = loadConfig(
    // Never contacted: these tests call the service, not the platform.
    apiTestEnv(dir, "http://127.0.0.1:9", { DATABASE_URL: testDatabaseUrl(dir, `u-${built}`) }),
  );
  const app = await buildApp(config, { logStream: new LogCapture() });
  apps.push(app);
  await app.ready();
  return app;
}

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));

async function rowOf(app: App, id: string) {
  return app.db.user.findUniqueOrThrow({ where: { id } });
}

describe("recordLogin with a code (an openid)", () => {
  it("creates the user with its unionid and session key, then finds it again", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const created = await app.users.recordLogin(
      { appid, openid: "o-ann", unionid: "un-ann", sessionKey: "key-1" },
      at(1),
    );
    expect(created).toEqual({
      id: expect.any(String),
      appid,
      openid: "o-ann",
      unionid: "un-ann",
      createdAt: at(1),
      lastLoginAt: at(1),
    });
    expect(await rowOf(app, created.id)).toMatchObject({ anonymousOpenid: null });
    expect(await app.users.sessionKeyOf(created.id)).toBe("key-1");

    // Again, later, with a new unionid and no key: the same row, the key kept.
    const again = await app.users.recordLogin(
      { appid, openid: "o-ann", unionid: "un-ann-2" },
      at(2),
    );
    expect(again).toEqual({ ...created, unionid: "un-ann-2", lastLoginAt: at(2) });
    expect(await app.users.sessionKeyOf(created.id)).toBe("key-1");

    // Without a unionid the stored one stays; a new key replaces the old one.
    const third = await app.users.recordLogin(
      { appid, openid: "o-ann", sessionKey: "key-2" },
      at(3),
    );
    expect(third).toEqual({ ...created, unionid: "un-ann-2", lastLoginAt: at(3) });
    expect(await app.users.sessionKeyOf(created.id)).toBe("key-2");
    expect(await app.db.user.count()).toBe(1);
    expect(await app.db.douyinSession.count()).toBe(1);
  });

  it("stores no session key row when none came", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const user = await app.users.recordLogin({ appid, openid: "o-nokey" }, at(1));
    expect(user.unionid).toBeNull();
    expect(await app.db.douyinSession.count()).toBe(0);
    expect(await app.users.sessionKeyOf(user.id)).toBeNull();
  });

  it("releases an anonymous openid an older version stored on the full user", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const user = await app.users.recordLogin({ appid, openid: "o-old" }, at(1));
    await app.db.user.update({ where: { id: user.id }, data: { anonymousOpenid: "anon-old" } });
    const again = await app.users.recordLogin(
      { appid, openid: "o-old", anonymousOpenid: "anon-old" },
      at(2),
    );
    expect(again.id).toBe(user.id);
    expect(await rowOf(app, user.id)).toMatchObject({ anonymousOpenid: null, lastLoginAt: at(2) });
  });

  it("upgrades the device's guest in place, keeping its id and creation time", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const guest = await app.users.recordLogin({ appid, anonymousOpenid: "anon-g" }, at(1));
    const upgraded = await app.users.recordLogin(
      { appid, openid: "o-g", anonymousOpenid: "anon-g", unionid: "un-g", sessionKey: "key-g" },
      at(5),
    );
    expect(upgraded).toEqual({
      id: guest.id,
      appid,
      openid: "o-g",
      unionid: "un-g",
      createdAt: at(1),
      lastLoginAt: at(5),
    });
    expect(await rowOf(app, guest.id)).toMatchObject({ anonymousOpenid: null });
    expect(await app.users.sessionKeyOf(guest.id)).toBe("key-g");
    expect(await app.db.user.count()).toBe(1);
  });

  it("never takes over a full user that still holds the device's anonymous openid", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const other = await app.users.recordLogin({ appid, openid: "o-first" }, at(1));
    await app.db.user.update({ where: { id: other.id }, data: { anonymousOpenid: "anon-shared" } });
    const second = await app.users.recordLogin(
      { appid, openid: "o-second", anonymousOpenid: "anon-shared", unionid: "un-second" },
      at(2),
    );
    expect(second.id).not.toBe(other.id);
    expect(second).toMatchObject({ openid: "o-second", unionid: "un-second", createdAt: at(2) });
    expect(await rowOf(app, other.id)).toMatchObject({
      openid: "o-first",
      anonymousOpenid: "anon-shared",
      lastLoginAt: at(1),
    });
  });
});

describe("recordLogin with an anonymous openid alone", () => {
  it("creates a guest without a key, then finds the same guest", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const guest = await app.users.recordLogin({ appid, anonymousOpenid: "anon-1" }, at(1));
    expect(guest).toEqual({
      id: expect.any(String),
      appid,
      openid: null,
      unionid: null,
      createdAt: at(1),
      lastLoginAt: at(1),
    });
    expect(await rowOf(app, guest.id)).toMatchObject({ anonymousOpenid: "anon-1" });
    const again = await app.users.recordLogin({ appid, anonymousOpenid: "anon-1" }, at(4));
    expect(again).toEqual({ ...guest, lastLoginAt: at(4) });
    expect(await app.db.user.count()).toBe(1);
    expect(await app.db.douyinSession.count()).toBe(0);
  });

  it("starts a new guest when a full user holds the anonymous openid, and releases it", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const user = await app.users.recordLogin({ appid, openid: "o-full" }, at(1));
    await app.db.user.update({ where: { id: user.id }, data: { anonymousOpenid: "anon-2" } });
    const guest = await app.users.recordLogin({ appid, anonymousOpenid: "anon-2" }, at(2));
    expect(guest).toMatchObject({ openid: null, createdAt: at(2) });
    expect(guest.id).not.toBe(user.id);
    expect(await rowOf(app, user.id)).toMatchObject({
      openid: "o-full",
      anonymousOpenid: null,
      lastLoginAt: at(1),
    });
    expect(await rowOf(app, guest.id)).toMatchObject({ anonymousOpenid: "anon-2" });
  });

  it("refuses an identity with neither openid, writing nothing", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    await expect(app.users.recordLogin({ appid, sessionKey: "key" }, at(1))).rejects.toThrow(
      "a login needs an openid or an anonymous openid",
    );
    expect(await app.db.user.count()).toBe(0);
    expect(await app.db.douyinSession.count()).toBe(0);
  });
});

describe("finding users", () => {
  it("findById and findByOpenid answer the user, or null", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const user = await app.users.recordLogin({ appid, openid: "o-find", unionid: "u" }, at(1));
    await app.users.recordLogin({ appid, anonymousOpenid: "anon-find" }, at(1));
    // The same openid in another app is another person.
    await app.db.user.create({ data: { appid: "tt_other_app", openid: "o-elsewhere" } });

    expect(await app.users.findById(user.id)).toEqual(user);
    expect(await app.users.findById("no-such-id")).toBeNull();
    expect(await app.users.findByOpenid("o-find")).toEqual(user);
    expect(await app.users.findByOpenid("o-elsewhere")).toBeNull();
    expect(await app.users.findByOpenid("anon-find")).toBeNull();
  });

  it("sessionKeyOf answers null for a user without a key, or one sealed for another user", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const a = await app.users.recordLogin({ appid, openid: "o-a", sessionKey: "key-a" }, at(1));
    const b = await app.users.recordLogin({ appid, openid: "o-b", sessionKey: "key-b" }, at(1));
    expect(await app.users.sessionKeyOf("no-such-user")).toBeNull();
    // The key is sealed to its row: a's ciphertext copied onto b's row does not open.
    const sealed = await app.db.douyinSession.findUniqueOrThrow({ where: { userId: a.id } });
    await app.db.douyinSession.update({
      where: { userId: b.id },
      data: { sessionKeyCiphertext: sealed.sessionKeyCiphertext },
    });
    expect(await app.users.sessionKeyOf(b.id)).toBeNull();
    expect(await app.users.sessionKeyOf(a.id)).toBe("key-a");
  });
});

describe("page (the admin listing)", () => {
  /** u-1 (phone, two grants), u-2 (a guest), u-3: inserted out of id order. */
  async function seeded() {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const user = (id: string, openid: string | null) => ({
      id,
      appid,
      openid,
      createdAt: at(1),
      lastLoginAt: at(2),
    });
    await app.db.user.create({ data: { ...user("u-3", "o-3"), unionid: "un-3" } });
    await app.db.user.create({ data: user("u-1", "o-1") });
    await app.db.user.create({ data: { ...user("u-2", null), anonymousOpenid: "anon-u2" } });
    await app.db.userPhone.create({
      data: {
        userId: "u-1",
        phoneCiphertext: "sealed",
        phoneHash: "hash",
        masked: "138****0001",
        countryCode: "86",
        source: "code",
        verifiedAt: at(3),
      },
    });
    for (const [templateId, kind, credits, active] of [
      ["T-b", "long-term", 0, false],
      ["T-a", "one-time", 2, true],
    ] as const) {
      await app.db.subscriptionGrant.create({
        data: { userId: "u-1", templateId, kind, credits, active },
      });
    }
    const overview = (id: string, openid: string | null, unionid: string | null = null) => ({
      id,
      appid,
      openid,
      unionid,
      createdAt: at(1),
      lastLoginAt: at(2),
      phoneMasked: null,
      grants: [],
    });
    const expected = {
      u1: {
        ...overview("u-1", "o-1"),
        phoneMasked: "138****0001",
        grants: [
          { templateId: "T-a", kind: "one-time", credits: 2, active: true },
          { templateId: "T-b", kind: "long-term", credits: 0, active: false },
        ],
      },
      u2: overview("u-2", null),
      u3: overview("u-3", "o-3", "un-3"),
    };
    return { app, expected };
  }

  it("pages in id order with the masked phone and the grants, and says whether more follow", async () => {
    const { app, expected } = await seeded();
    const { u1, u2, u3 } = expected;
    expect(await app.users.page({ limit: 2 })).toEqual({ users: [u1, u2], more: true });
    expect(await app.users.page({ limit: 2, after: "u-2" })).toEqual({ users: [u3], more: false });
    expect(await app.users.page({ limit: 1, after: "u-1" })).toEqual({ users: [u2], more: true });
    expect(await app.users.page({ limit: 3 })).toEqual({ users: [u1, u2, u3], more: false });
    expect(await app.users.page({ limit: 5, after: "u-3" })).toEqual({ users: [], more: false });
  });

  it("filters by openid", async () => {
    const { app, expected } = await seeded();
    expect(await app.users.page({ openid: "o-3", limit: 5 })).toEqual({
      users: [expected.u3],
      more: false,
    });
    expect(await app.users.page({ openid: "o-1", after: "u-1", limit: 5 })).toEqual({
      users: [],
      more: false,
    });
    expect(await app.users.page({ openid: "nobody", limit: 5 })).toEqual({
      users: [],
      more: false,
    });
  });
});

describe("a first login that lost a race on a unique index", () => {
  /**
   * The users service over the app's database, whose INSERT of a user fails `failures` times
   * with `error` before it writes: what the loser of two simultaneous first logins sees on
   * PostgreSQL.
   */
  async function racingUsers(app: App, failures: number, error: unknown) {
    const real = app.unitOfWork;
    let creates = 0;
    const unit = delegatingUnit(real, {
      write: (work, options) =>
        real.write(
          (sql) =>
            work({
              all(query, params) {
                if (!query.startsWith('INSERT INTO "User"')) return sql.all(query, params);
                creates += 1;
                return creates <= failures ? Promise.reject(error) : sql.all(query, params);
              },
            }),
          options,
        ),
    });
    const host = await registerOnHost(usersPlugin, { unitOfWork: unit, config: app.config });
    return { users: host.users as Users, creates: () => creates };
  }

  /** A genuine unique violation, as the database driver reports it to a plain-SQL write. */
  async function uniqueViolation(app: App): Promise<unknown> {
    const insert = () =>
      app.unitOfWork.write((sql) =>
        sql.all(
          'INSERT INTO "User" ("id", "appid", "openid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?)',
          [randomUUID(), "tt_probe", "o-probe", new Date(), new Date(), new Date()],
        ),
      );
    await insert();
    const error = await insert().catch((caught: unknown) => caught);
    await app.db.user.deleteMany({ where: { appid: "tt_probe" } });
    expect(isUniqueViolation(error)).toBe(true);
    return error;
  }

  it("runs again (twice at most) and then finds or creates the user", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const violation = await uniqueViolation(app);
    for (const failures of [1, 2]) {
      const racing = await racingUsers(app, failures, violation);
      const openid = `o-race-${failures}`;
      const user = await racing.users.recordLogin({ appid, openid, sessionKey: "k" }, at(1));
      expect(user.openid).toBe(openid);
      expect(racing.creates()).toBe(failures + 1);
      expect(await app.db.user.count({ where: { openid } })).toBe(1);
      expect(await app.users.sessionKeyOf(user.id)).toBe("k");
    }
  });

  it("gives up after the third attempt, and never retries another error", async () => {
    const app = await freshApp();
    const appid = app.config.douyin.appid;
    const violation = await uniqueViolation(app);
    const third = await racingUsers(app, 3, violation);
    await expect(
      third.users.recordLogin({ appid, openid: "o-lost", sessionKey: "k" }, at(1)),
    ).rejects.toBe(violation);
    expect(third.creates()).toBe(3);

    const boom = new Error("disk full");
    const other = await racingUsers(app, 1, boom);
    await expect(other.users.recordLogin({ appid, openid: "o-boom" }, at(1))).rejects.toBe(boom);
    expect(other.creates()).toBe(1);
    expect(await app.db.user.count()).toBe(0);
    expect(await app.db.douyinSession.count()).toBe(0);
  });
});

describe("the users plugin", () => {
  it("declares its name and the plugins it needs", async () => {
    const bare = Fastify({ logger: false });
    bare.register(usersPlugin);
    await expect(bare.ready()).rejects.toThrow(
      "The dependency 'config' of plugin 'users' is not registered",
    );
    await bare.close().catch(() => undefined);

    // The webhooks plugin finds it by that name: the whole app builds.
    const app = await freshApp();
    expect(app.hasDecorator("users")).toBe(true);
    const dependent = Fastify({ logger: false });
    dependent.register(
      fp(async (instance) => void instance.decorate("config", app.config), { name: "config" }),
    );
    dependent.register(
      fp(async (instance) => void instance.decorate("unitOfWork", app.unitOfWork), { name: "db" }),
    );
    dependent.register(usersPlugin);
    dependent.register(fp(async () => undefined, { name: "needs-users", dependencies: ["users"] }));
    await expect(dependent.ready()).resolves.toBeDefined();
    await dependent.close();
  });
});
