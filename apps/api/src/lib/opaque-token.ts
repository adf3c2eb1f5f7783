import { createHash, randomBytes } from "node:crypto";

/** A new opaque token (256 random bits) for a client to hold. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What we store instead of the token: a leaked table cannot be replayed. */
export function hashOpaqueToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
