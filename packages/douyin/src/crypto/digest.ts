import { createHash, timingSafeEqual } from "node:crypto";

const SHA1_HEX = /^[0-9a-fA-F]{40}$/;

/** sha1 over the concatenated UTF-8 (or raw) bytes of the parts. */
export function sha1(parts: readonly (string | Uint8Array)[]): Buffer {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * Compares a digest with a hex signature in constant time. A signature that is not 40 hex
 * characters is simply wrong (false), without comparing anything: its length is no secret.
 * Upper-case hex is accepted.
 */
export function matchesSha1Hex(digest: Buffer, signature: unknown): boolean {
  if (typeof signature !== "string" || !SHA1_HEX.test(signature)) return false;
  const given = Buffer.from(signature, "hex");
  return given.length === digest.length && timingSafeEqual(given, digest);
}
