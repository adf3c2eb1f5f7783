import type { User as UserDto } from "@tt/contract";
import type { PrismaClient, TransactionClient, User } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { SecretBox } from "../../lib/secret-box.ts";
import { createSecretBox } from "../../lib/secret-box.ts";

/** What jscode2session told us about the person who just logged in. */
export interface DouyinIdentity {
  appid: string;
  /** Only with a code: an anonymous code alone brings none. */
  sessionKey?: string | undefined;
  openid?: string | undefined;
  anonymousOpenid?: string | undefined;
  unionid?: string | undefined;
}

type Tx = TransactionClient;

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    appid: user.appid,
    openid: user.openid,
    isGuest: user.openid === null,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt.toISOString(),
  };
}

/**
 * Finds the row for this identity: the user with this openid; else the guest with this anonymous
 * openid, which a real login upgrades in place; else a new row.
 */
async function upsertIdentity(tx: Tx, identity: DouyinIdentity, now: Date): Promise<User> {
  const { appid, openid, anonymousOpenid, unionid } = identity;
  const byOpenid = openid
    ? await tx.user.findUnique({ where: { appid_openid: { appid, openid } } })
    : null;
  const byAnonymous = anonymousOpenid
    ? await tx.user.findUnique({ where: { appid_anonymousOpenid: { appid, anonymousOpenid } } })
    : null;
  const guestToUpgrade = openid && byAnonymous?.openid === null ? byAnonymous : null;
  const existing = byOpenid ?? guestToUpgrade ?? (openid ? null : byAnonymous);

  if (!existing) {
    return tx.user.create({
      data: {
        appid,
        openid: openid ?? null,
        unionid: unionid ?? null,
        // Another row may already hold this anonymous openid (a guest whose device later logged
        // in as someone else): leave it with that row.
        anonymousOpenid: byAnonymous ? null : (anonymousOpenid ?? null),
        createdAt: now,
        lastLoginAt: now,
      },
    });
  }
  const canTakeAnonymous = anonymousOpenid && (!byAnonymous || byAnonymous.id === existing.id);
  return tx.user.update({
    where: { id: existing.id },
    data: {
      lastLoginAt: now,
      ...(openid ? { openid } : {}),
      ...(unionid ? { unionid } : {}),
      ...(canTakeAnonymous ? { anonymousOpenid } : {}),
    },
  });
}

function createUsers(db: PrismaClient, box: SecretBox) {
  return {
    /**
     * Creates or updates the user and stores the new session key, encrypted, when one came (a
     * login with a code); a login without one leaves any stored key as it is.
     */
    async recordLogin(identity: DouyinIdentity, now = new Date()): Promise<User> {
      return db.$transaction(async (tx) => {
        const user = await upsertIdentity(tx, identity, now);
        if (identity.sessionKey === undefined) return user;
        const sessionKeyCiphertext = box.seal(identity.sessionKey, user.id);
        await tx.douyinSession.upsert({
          where: { userId: user.id },
          create: { userId: user.id, sessionKeyCiphertext },
          update: { sessionKeyCiphertext },
        });
        return user;
      });
    },

    async findById(id: string): Promise<User | null> {
      return db.user.findUnique({ where: { id } });
    },

    /** The user's current Douyin session key, or null if none is stored. */
    async sessionKeyOf(userId: string): Promise<string | null> {
      const row = await db.douyinSession.findUnique({ where: { userId } });
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
    app.decorate("users", createUsers(app.db, createSecretBox(app.config.sessionKeyEncryptionKey)));
  },
  { name: "users", dependencies: ["config", "db"] },
);
