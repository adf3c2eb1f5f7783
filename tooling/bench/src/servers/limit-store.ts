// The hand-written limit's storage: the same tables the API's migrations create, read and written
// with prepared statements (better-sqlite3 on SQLite, pg's named statements on PostgreSQL), in the
// same transactions the API runs. Only what the measured routes need.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";

export interface MeRows {
  user: Record<string, unknown> | undefined;
  profile: Record<string, unknown> | undefined;
  phone: Record<string, unknown> | undefined;
  device: Record<string, unknown> | undefined;
  location: Record<string, unknown> | undefined;
  grants: Record<string, unknown>[];
}

export interface LoginWrite {
  appid: string;
  openid: string;
  unionid: string | undefined;
  /** Seals the session key for the user id (the id is the associated data). */
  seal(userId: string): string;
  tokenHash: string;
  familyId: string;
  expiresAt: Date;
}

export interface DeviceWrite {
  userId: string;
  fields: Record<string, string>;
  details: string;
  historyLimit: number;
}

export interface LimitStore {
  sessionOpen(familyId: string): Promise<boolean>;
  me(userId: string): Promise<MeRows>;
  /** Upserts the user by openid, its session key and a refresh token; answers the user row. */
  login(write: LoginWrite): Promise<Record<string, unknown>>;
  recordDevice(write: DeviceWrite): Promise<Record<string, unknown>>;
}

const DEVICE_COLUMNS = ["brand", "model", "system", "platform", "appName", "version", "sdkVersion"];

/** Later than the previous report, as the API keeps arrival order (apps/api devices.ts). */
function arrivalTime(previous: Date | undefined, now: Date): Date {
  return previous !== undefined && previous >= now ? new Date(previous.getTime() + 1) : now;
}

export function sqliteStore(file: string): LimitStore {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");
  const q = {
    session: db.prepare(
      'SELECT 1 FROM "RefreshToken" WHERE "familyId" = ? AND "revokedAt" IS NULL LIMIT 1',
    ),
    user: db.prepare('SELECT * FROM "User" WHERE "id" = ?'),
    profile: db.prepare('SELECT * FROM "UserProfile" WHERE "userId" = ?'),
    phone: db.prepare('SELECT * FROM "UserPhone" WHERE "userId" = ?'),
    device: db.prepare(
      'SELECT * FROM "DeviceSnapshot" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
    ),
    location: db.prepare(
      'SELECT * FROM "LocationSample" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
    ),
    grants: db.prepare(
      'SELECT * FROM "SubscriptionGrant" WHERE "userId" = ? ORDER BY "templateId" ASC',
    ),
    userByOpenid: db.prepare('SELECT * FROM "User" WHERE "appid" = ? AND "openid" = ?'),
    insertUser: db.prepare(
      'INSERT INTO "User" ("id","appid","openid","unionid","createdAt","updatedAt","lastLoginAt") VALUES (?,?,?,?,?,?,?)',
    ),
    touchUser: db.prepare(
      'UPDATE "User" SET "unionid" = COALESCE(?, "unionid"), "lastLoginAt" = ?, "updatedAt" = ? WHERE "id" = ?',
    ),
    upsertSession: db.prepare(
      'INSERT INTO "DouyinSession" ("userId","sessionKeyCiphertext","updatedAt") VALUES (?,?,?) ON CONFLICT ("userId") DO UPDATE SET "sessionKeyCiphertext" = excluded."sessionKeyCiphertext", "updatedAt" = excluded."updatedAt"',
    ),
    insertRefresh: db.prepare(
      'INSERT INTO "RefreshToken" ("id","userId","familyId","tokenHash","createdAt","expiresAt") VALUES (?,?,?,?,?,?)',
    ),
    previousDevice: db.prepare(
      'SELECT "createdAt" FROM "DeviceSnapshot" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
    ),
    insertDevice: db.prepare(
      `INSERT INTO "DeviceSnapshot" ("id","userId",${DEVICE_COLUMNS.map((c) => `"${c}"`).join(",")},"details","createdAt") VALUES (?,?,${DEVICE_COLUMNS.map(() => "?").join(",")},?,?)`,
    ),
    trimDevices: db.prepare(
      'DELETE FROM "DeviceSnapshot" WHERE "id" IN (SELECT "id" FROM "DeviceSnapshot" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT -1 OFFSET ?)',
    ),
  };

  const login = db.transaction((write: LoginWrite) => {
    const now = iso(new Date());
    let user = q.userByOpenid.get(write.appid, write.openid) as Record<string, unknown> | undefined;
    if (user === undefined) {
      const id = randomUUID();
      q.insertUser.run(id, write.appid, write.openid, write.unionid ?? null, now, now, now);
      user = q.user.get(id) as Record<string, unknown>;
    } else {
      q.touchUser.run(write.unionid ?? null, now, now, user.id);
      user = q.user.get(user.id) as Record<string, unknown>;
    }
    const userId = user.id as string;
    q.upsertSession.run(userId, write.seal(userId), now);
    q.insertRefresh.run(
      randomUUID(),
      userId,
      write.familyId,
      write.tokenHash,
      now,
      iso(write.expiresAt),
    );
    return user;
  });

  const recordDevice = db.transaction((write: DeviceWrite) => {
    const previous = q.previousDevice.get(write.userId) as { createdAt: string } | undefined;
    const createdAt = arrivalTime(
      previous === undefined ? undefined : new Date(previous.createdAt),
      new Date(),
    );
    const id = randomUUID();
    q.insertDevice.run(
      id,
      write.userId,
      ...DEVICE_COLUMNS.map((column) => write.fields[column] ?? ""),
      write.details,
      iso(createdAt),
    );
    q.trimDevices.run(write.userId, write.historyLimit);
    return { ...write.fields, createdAt: iso(createdAt) };
  });

  return {
    sessionOpen: async (familyId) => q.session.get(familyId) !== undefined,
    me: async (userId) => ({
      user: q.user.get(userId) as Record<string, unknown> | undefined,
      profile: q.profile.get(userId) as Record<string, unknown> | undefined,
      phone: q.phone.get(userId) as Record<string, unknown> | undefined,
      device: q.device.get(userId) as Record<string, unknown> | undefined,
      location: q.location.get(userId) as Record<string, unknown> | undefined,
      grants: q.grants.all(userId) as Record<string, unknown>[],
    }),
    login: async (write) => login(write),
    recordDevice: async (write) => recordDevice(write),
  };
}

/** `schema` as the API's DATABASE_URL names it (?schema=…). */
export function postgresStore(connectionString: string, schema: string): LimitStore {
  const pool = new pg.Pool({ connectionString, max: 10, options: `-c search_path="${schema}"` });
  const one = async (name: string, text: string, values: unknown[]) =>
    (await pool.query({ name, text, values })).rows[0] as Record<string, unknown> | undefined;

  return {
    async sessionOpen(familyId) {
      const row = await one(
        "session",
        'SELECT 1 FROM "RefreshToken" WHERE "familyId" = $1 AND "revokedAt" IS NULL LIMIT 1',
        [familyId],
      );
      return row !== undefined;
    },
    async me(userId) {
      const [user, profile, phone, device, location, grants] = await Promise.all([
        one("user", 'SELECT * FROM "User" WHERE "id" = $1', [userId]),
        one("profile", 'SELECT * FROM "UserProfile" WHERE "userId" = $1', [userId]),
        one("phone", 'SELECT * FROM "UserPhone" WHERE "userId" = $1', [userId]),
        one(
          "device",
          'SELECT * FROM "DeviceSnapshot" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
          [userId],
        ),
        one(
          "location",
          'SELECT * FROM "LocationSample" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
          [userId],
        ),
        pool.query({
          name: "grants",
          text: 'SELECT * FROM "SubscriptionGrant" WHERE "userId" = $1 ORDER BY "templateId" ASC',
          values: [userId],
        }),
      ]);
      return { user, profile, phone, device, location, grants: grants.rows };
    },
    async login(write) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const now = new Date();
        const id = randomUUID();
        const user = (
          await client.query({
            name: "login-user",
            text: 'INSERT INTO "User" ("id","appid","openid","unionid","createdAt","updatedAt","lastLoginAt") VALUES ($1,$2,$3,$4,$5,$5,$5) ON CONFLICT ("appid","openid") DO UPDATE SET "unionid" = COALESCE(excluded."unionid", "User"."unionid"), "lastLoginAt" = excluded."lastLoginAt", "updatedAt" = excluded."updatedAt" RETURNING *',
            values: [id, write.appid, write.openid, write.unionid ?? null, now],
          })
        ).rows[0] as Record<string, unknown>;
        const userId = user.id as string;
        await client.query({
          name: "login-session",
          text: 'INSERT INTO "DouyinSession" ("userId","sessionKeyCiphertext","updatedAt") VALUES ($1,$2,$3) ON CONFLICT ("userId") DO UPDATE SET "sessionKeyCiphertext" = excluded."sessionKeyCiphertext", "updatedAt" = excluded."updatedAt"',
          values: [userId, write.seal(userId), now],
        });
        await client.query({
          name: "login-refresh",
          text: 'INSERT INTO "RefreshToken" ("id","userId","familyId","tokenHash","createdAt","expiresAt") VALUES ($1,$2,$3,$4,$5,$6)',
          values: [randomUUID(), userId, write.familyId, write.tokenHash, now, write.expiresAt],
        });
        await client.query("COMMIT");
        return user;
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
    async recordDevice(write) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query({
          name: "device-lock",
          text: 'SELECT 1 FROM "User" WHERE "id" = $1 FOR UPDATE',
          values: [write.userId],
        });
        const previous = (
          await client.query({
            name: "device-previous",
            text: 'SELECT "createdAt" FROM "DeviceSnapshot" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" DESC LIMIT 1',
            values: [write.userId],
          })
        ).rows[0] as { createdAt: Date } | undefined;
        const createdAt = arrivalTime(previous?.createdAt, new Date());
        await client.query({
          name: "device-insert",
          text: `INSERT INTO "DeviceSnapshot" ("id","userId",${DEVICE_COLUMNS.map((c) => `"${c}"`).join(",")},"details","createdAt") VALUES ($1,$2,${DEVICE_COLUMNS.map((_, i) => `$${i + 3}`).join(",")},$${DEVICE_COLUMNS.length + 3},$${DEVICE_COLUMNS.length + 4})`,
          values: [
            randomUUID(),
            write.userId,
            ...DEVICE_COLUMNS.map((column) => write.fields[column] ?? ""),
            write.details,
            createdAt,
          ],
        });
        await client.query({
          name: "device-trim",
          text: 'DELETE FROM "DeviceSnapshot" WHERE "id" IN (SELECT "id" FROM "DeviceSnapshot" WHERE "userId" = $1 ORDER BY "createdAt" DESC, "id" DESC OFFSET $2)',
          values: [write.userId, write.historyLimit],
        });
        await client.query("COMMIT");
        return { ...write.fields, createdAt: createdAt.toISOString() };
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
