import type { FastifyInstance } from "fastify";
import { sessionExpired } from "../../lib/douyin-user-data.ts";

/** The user's current Douyin session key; none stored (never logged in with a code) → 401. */
export async function requireSessionKey(app: FastifyInstance, userId: string): Promise<string> {
  const sessionKey = await app.users.sessionKeyOf(userId);
  if (sessionKey === null) throw sessionExpired();
  return sessionKey;
}
