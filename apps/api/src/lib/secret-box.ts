import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const version = "v1";

/**
 * Encrypts small secrets (Douyin session keys) at rest with AES-256-GCM. `context` (the owning
 * row's id) is bound as associated data, so a ciphertext copied onto another row does not decrypt.
 */
export function createSecretBox(key: Buffer) {
  if (key.length !== 32) throw new Error("secret box key must be 32 bytes");
  return {
    seal(plaintext: string, context: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context));
      // Stryker disable next-line StringLiteral: Node reads a string without an encoding (or with "") as UTF-8
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return [version, ...parts].join(".");
    },
    open(sealed: string, context: string): string {
      const [tag, iv, authTag, body] = sealed.split(".");
      if (tag !== version || !iv || !authTag || body === undefined) {
        throw new Error("sealed value has an unknown format");
      }
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(authTag, "base64url"));
      return Buffer.concat([
        decipher.update(Buffer.from(body, "base64url")),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

export type SecretBox = ReturnType<typeof createSecretBox>;
