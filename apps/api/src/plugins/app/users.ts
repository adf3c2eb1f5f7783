import { isUniqueViolation, type SqlStatements, type User as UserRow, uuidV7 } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Grant, User } from "../../domain/models.ts";
import type { SecretBox } from "../../lib/secret-box.ts";
import { createSecretBox } from "../../lib/secret-box.ts";
import { type RowColumns, typedRows, type UnitOfWork } from "../../lib/unit-of-work.ts";
import { toGrant } from "./grants.ts";

/** What jscode2session told us about the person who just logged in. */
export interface DouyinIdentity {
  appid: string;
  /** Only with a code: an anonymous code alone brings none. */
  sessionKey?: string | undefined;
  openid?: string | undefined;
  anonymousOpenid?: string | undefined;
  unionid?: string | undefined;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    appid: row.appid,
    openid: row.openid,
    unionid: row.unionid,
    createdAt: row.createdAt,
    lastLoginAt: row.lastLoginAt,
  };
}

/** Runs `work` again (twice at most) when it lost a race on a unique index. */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

/** A user as the admin listing shows them: with the masked phone and the grants. */
export interface UserOverview extends User {
  phoneMasked: string | null;
  grants: Grant[];
}

/**
 * The row for this identity. A guest is a person Douyin knows only by an anonymous openid; a full
 * user has an openid. The two never mix:
 * - a login with a code finds the user with that openid; failing that, it upgrades in place the
 *   guest holding the device's anonymous openid (the guest's data becomes the user's); failing
 *   that, it creates the user;
 * - a login with an anonymousCode alone finds or creates a guest, never a full user: the person
 *   may have logged out of Douyin, or someone else may hold the phone.
 * A full user therefore holds no anonymous openid: the upgrade releases it, so the device's next
 * anonymous-only login starts a new, empty guest.
 */
async function upsertIdentity(
  sql: SqlStatements,
  identity: DouyinIdentity,
  now: Date,
): Promise<UserRow> {
  const { appid, openid, anonymousOpenid, unionid } = identity;
  const holder = anonymousOpenid
    ? await oneUser(
        sql,
        `SELECT ${USER_COLUMNS} FROM "User" WHERE "appid" = ? AND "anonymousOpenid" = ?`,
        [appid, anonymousOpenid],
      )
    : undefined;
  if (!openid) return guestFor(sql, appid, anonymousOpenid, holder, now);

  const user = await oneUser(
    sql,
    `SELECT ${USER_COLUMNS} FROM "User" WHERE "appid" = ? AND "openid" = ?`,
    [appid, openid],
  );
  if (user) {
    return updatedUser(
      sql,
      `UPDATE "User" SET "lastLoginAt" = ?, "anonymousOpenid" = NULL, "unionid" = COALESCE(?, "unionid"), "updatedAt" = ? WHERE "id" = ? RETURNING ${USER_COLUMNS}`,
      [now, unionid || null, now, user.id],
    );
  }
  if (holder?.openid === null) {
    return updatedUser(
      sql,
      `UPDATE "User" SET "openid" = ?, "unionid" = ?, "anonymousOpenid" = NULL, "lastLoginAt" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${USER_COLUMNS}`,
      [openid, unionid ?? null, now, now, holder.id],
    );
  }
  return updatedUser(
    sql,
    `INSERT INTO "User" ("id", "appid", "openid", "unionid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`,
    [uuidV7(now.getTime()), appid, openid, unionid ?? null, now, now, now],
  );
}

async function guestFor(
  sql: SqlStatements,
  appid: string,
  anonymousOpenid: string | undefined,
  holder: UserRow | undefined,
  now: Date,
): Promise<UserRow> {
  if (!anonymousOpenid) throw new Error("a login needs an openid or an anonymous openid");
  if (holder?.openid === null) {
    return updatedUser(
      sql,
      `UPDATE "User" SET "lastLoginAt" = ?, "updatedAt" = ? WHERE "id" = ? RETURNING ${USER_COLUMNS}`,
      [now, now, holder.id],
    );
  }
  if (holder) {
    // A full user stored before full users stopped holding anonymous openids: release it.
    await sql.all('UPDATE "User" SET "anonymousOpenid" = NULL, "updatedAt" = ? WHERE "id" = ?', [
      now,
      holder.id,
    ]);
  }
  return updatedUser(
    sql,
    `INSERT INTO "User" ("id", "appid", "anonymousOpenid", "createdAt", "updatedAt", "lastLoginAt") VALUES (?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`,
    [uuidV7(now.getTime()), appid, anonymousOpenid, now, now, now],
  );
}

/**
 * Every column, named: PostgreSQL keeps a named prepared statement's result columns, so `*` would
 * break once a migration adds one to a running process's table.
 */
const USER_COLUMNS =
  '"id", "appid", "openid", "unionid", "anonymousOpenid", "createdAt", "updatedAt", "lastLoginAt"';

const USER_DATES: RowColumns<UserRow> = { dates: ["createdAt", "updatedAt", "lastLoginAt"] };

async function oneUser(
  sql: SqlStatements,
  query: string,
  params: unknown[],
): Promise<UserRow | undefined> {
  const [row] = typedRows<UserRow>(await sql.all(query, params), USER_DATES);
  return row;
}

async function updatedUser(sql: SqlStatements, query: string, params: unknown[]) {
  const row = await oneUser(sql, query, params);
  if (row === undefined) throw new Error("the user row to update is gone");
  return row;
}

function createUsers(unit: UnitOfWork, appid: string, box: SecretBox) {
  /**
   * Creates or updates the user and stores the new session key, encrypted, when one came (a login
   * with a code); a login without one leaves any stored key as it is.
   */
  function record(identity: DouyinIdentity, now: Date): Promise<User> {
    // Plain SQL: the hot write path of every login.
    return unit.write(async (sql) => {
      const user = await upsertIdentity(sql, identity, now);
      if (identity.sessionKey === undefined) return toUser(user);
      await sql.all(
        'INSERT INTO "DouyinSession" ("userId", "sessionKeyCiphertext", "updatedAt") VALUES (?, ?, ?) ON CONFLICT ("userId") DO UPDATE SET "sessionKeyCiphertext" = excluded."sessionKeyCiphertext", "updatedAt" = excluded."updatedAt"',
        [user.id, box.seal(identity.sessionKey, user.id), now],
      );
      return toUser(user);
    });
  }

  return {
    /** See `record`. */
    async recordLogin(identity: DouyinIdentity, now = new Date()): Promise<User> {
      // Two first logins of one person at once (PostgreSQL runs them side by side): the loser's
      // insert fails on the unique index once the winner commits; run again, it finds that row.
      return retryOnUniqueViolation(() => record(identity, now));
    },

    async findById(id: string): Promise<User | null> {
      const [row] = await unit.read<UserRow>(
        `SELECT ${USER_COLUMNS} FROM "User" WHERE "id" = ?`,
        [id],
        USER_DATES,
      );
      return row === undefined ? null : toUser(row);
    },

    /** The user of our app with this openid (guests have none). */
    async findByOpenid(openid: string): Promise<User | null> {
      const row = await unit.db.user.findUnique({ where: { appid_openid: { appid, openid } } });
      return row && toUser(row);
    },

    /**
     * Users in id order (oldest first), `limit` at a time after the id `after`, optionally only the
     * one with this openid; `more`: another page follows.
     */
    async page(query: {
      openid?: string | undefined;
      after?: string | undefined;
      limit: number;
    }): Promise<{ users: UserOverview[]; more: boolean }> {
      const rows = await unit.db.user.findMany({
        where: {
          ...(query.openid === undefined ? {} : { openid: query.openid }),
          ...(query.after === undefined ? {} : { id: { gt: query.after } }),
        },
        orderBy: { id: "asc" },
        take: query.limit + 1,
        include: {
          phone: { select: { masked: true } },
          subscriptionGrants: { orderBy: { templateId: "asc" } },
        },
      });
      return {
        users: rows.slice(0, query.limit).map((row) => ({
          ...toUser(row),
          phoneMasked: row.phone?.masked ?? null,
          grants: row.subscriptionGrants.map(toGrant),
        })),
        more: rows.length > query.limit,
      };
    },

    /** The user's current Douyin session key, or null if none is stored. */
    async sessionKeyOf(userId: string): Promise<string | null> {
      const row = await unit.db.douyinSession.findUnique({ where: { userId } });
      // Stryker disable next-line ConditionalExpression: without it a missing row fails inside the try below, which answers null as well
      if (!row) return null;
      try {
        return box.open(row.sessionKeyCiphertext, userId);
      } catch {
        // Sealed under another SESSION_KEY_ENCRYPTION_KEY (rotated): as good as expired. The
        // client logs in again, which stores the key anew.
        return null;
      }
    },
  };
}

export type Users = ReturnType<typeof createUsers>;

declare module "fastify" {
  interface FastifyInstance {
    users: Users;
  }
}

export default fp(
  async function users(app: FastifyInstance) {
    app.decorate(
      "users",
      createUsers(
        app.unitOfWork,
        app.config.douyin.appid,
        createSecretBox(app.config.sessionKeyEncryptionKey),
      ),
    );
  },
  { name: "users", dependencies: ["config", "db"] },
);
