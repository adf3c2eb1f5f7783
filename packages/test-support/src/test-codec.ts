import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * A token value codec for tests of sealed token stores: AES-256-GCM under a fresh random key,
 * the store key as associated data (a value copied to another key does not open).
 */
export function aesGcmTestCodec(key: Buffer = randomBytes(32)) {
  return {
    seal(value: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    open(sealed: string, context: string): string {
      const raw = Buffer.from(sealed, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(context)).setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}
