import { constants, createCipheriv, createHash, publicEncrypt } from "node:crypto";

/**
 * The platform's side of sensitive data, written from the docs (the SDK decrypts with its own
 * code: the two sides share facts, not helpers).
 */

/** `signature = sha1_hex(rawData + session_key)`; webhooks sign `sha1_hex(secret + rawBody)`. */
export function sha1Hex(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** AES-128-CBC with PKCS#7 padding under the base64-decoded session_key; answers base64. */
export function encryptWithSessionKey(sessionKey: string, iv: Buffer, plaintext: string): string {
  const cipher = createCipheriv("aes-128-cbc", Buffer.from(sessionKey, "base64"), iv);
  // Stryker disable next-line StringLiteral: Node reads a string without an encoding (or with "") as UTF-8
  const head = cipher.update(plaintext, "utf8");
  return Buffer.concat([head, cipher.final()]).toString("base64");
}

/**
 * RSA PKCS#1 v1.5 under the app's public key; answers base64. Encryption with this padding still
 * works on Node ≥ 20.11 (only decryption was refused); the padding bytes come from OpenSSL, so
 * ciphertexts differ on every call, seed or not.
 */
export function encryptForApp(publicKey: string, plaintext: string): string {
  return publicEncrypt(
    { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(plaintext),
  ).toString("base64");
}
