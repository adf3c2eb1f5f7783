import { randomUUID } from "node:crypto";
import { uuidV7 } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { DomainError, ProblemCode } from "../../domain/errors.ts";
import type { User } from "../../domain/models.ts";
import { hashOpaqueToken, newOpaqueToken } from "../../lib/opaque-token.ts";
import type { UnitOfWork } from "../../lib/unit-of-work.ts";
import { toUser } from "./users.ts";

export interface IssuedTokens {
  refreshToken: string;
  familyId: string;
}

/**
 * Refresh tokens: opaque, single-use, stored as hashes. Each login starts a family; each refresh
 * rotates within it. Presenting a token that was already rotated means it was copied: the whole
 * family is revoked, so neither the thief nor the owner keeps the session.
 */
function createSessions(unit: UnitOfWork, ttlSeconds: number) {
  const expiry = (now: Date) => new Date(now.getTime() + ttlSeconds * 1000);

  async function issue(userId: string, familyId: string, now: Date): Promise<IssuedTokens> {
    const refreshToken = newOpaqueToken();
    await unit.db.refreshToken.create({
      data: {
        userId,
        familyId,
        tokenHash: hashOpaqueToken(refreshToken),
        expiresAt: expiry(now),
        createdAt: now,
      },
    });
    return { refreshToken, familyId };
  }

  async function revokeFamily(familyId: string, now: Date): Promise<void> {
    await unit.db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: now },
    });
  }

  return {
    /** A new login session (plain SQL: the hot write path of every login). */
    async start(userId: string, now = new Date()): Promise<IssuedTokens> {
      const refreshToken = newOpaqueToken();
      const familyId = randomUUID();
      await unit.write((sql) =>
        sql.all(
          'INSERT INTO "RefreshToken" ("id", "userId", "familyId", "tokenHash", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?)',
          [
            uuidV7(now.getTime()),
            userId,
            familyId,
            hashOpaqueToken(refreshToken),
            now,
            expiry(now),
          ],
        ),
      );
      return { refreshToken, familyId };
    },

    /** Exchanges a refresh token for a new one; answers the user it belongs to. */
    async rotate(refreshToken: string, now = new Date()): Promise<IssuedTokens & { user: User }> {
      const row = await unit.db.refreshToken.findUnique({
        where: { tokenHash: hashOpaqueToken(refreshToken) },
        include: { user: true },
      });
      if (!row || row.revokedAt || row.expiresAt <= now) {
        throw new DomainError(ProblemCode.RefreshTokenInvalid, "Log in again");
      }
      // Claim and successor in one transaction, the claim conditional: of two requests racing
      // with the same token one wins. The loser revokes the family after the winner's
      // transaction (the winner's new token with it) or before it (then the winner's claim
      // fails too): either way a reused token ends the session.
      const issued = await unit.run(async () => {
        const claimed = await unit.db.refreshToken.updateMany({
          where: { id: row.id, rotatedAt: null, revokedAt: null },
          data: { rotatedAt: now },
        });
        return claimed.count === 1 ? issue(row.userId, row.familyId, now) : undefined;
      });
      if (!issued) {
        await revokeFamily(row.familyId, now);
        throw new DomainError(ProblemCode.RefreshTokenReused, "Log in again");
      }
      return { ...issued, user: toUser(row.user) };
    },

    /** Ends one login session (a refresh-token family) of the user; another user's is left alone. */
    async endSession(userId: string, familyId: string, now = new Date()): Promise<void> {
      // An undefined familyId would match every row of the user: never end more than asked.
      if (typeof familyId !== "string" || familyId === "") {
        throw new DomainError(ProblemCode.Unauthorized, "This token names no session");
      }
      await unit.db.refreshToken.updateMany({
        where: { userId, familyId, revokedAt: null },
        data: { revokedAt: now },
      });
    },

    /** Ends the session a refresh token belongs to, if it is this user's. */
    async endSessionOf(userId: string, refreshToken: string, now = new Date()): Promise<void> {
      const row = await unit.db.refreshToken.findUnique({
        where: { tokenHash: hashOpaqueToken(refreshToken) },
      });
      if (row?.userId === userId) await revokeFamily(row.familyId, now);
    },

    /** Ends every session of the user, on every device. */
    async endAll(userId: string, now = new Date()): Promise<void> {
      await unit.db.refreshToken.updateMany({
        where: { userId, revokedAt: null },
        data: { revokedAt: now },
      });
    },

    /** Whether the login session an access token was issued for is still open. */
    async isOpen(familyId: string): Promise<boolean> {
      const open = await unit.read(
        'SELECT 1 FROM "RefreshToken" WHERE "familyId" = ? AND "revokedAt" IS NULL LIMIT 1',
        [familyId],
      );
      return open.length > 0;
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

declare module "fastify" {
  interface FastifyInstance {
    sessions: Sessions;
  }
}

export default fp(
  async function sessions(app: FastifyInstance) {
    app.decorate("sessions", createSessions(app.unitOfWork, app.config.refreshTokenTtlSeconds));
  },
  { name: "sessions", dependencies: ["config", "db"] },
);
