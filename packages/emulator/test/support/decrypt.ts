import { constants, createDecipheriv, createHash, privateDecrypt } from "node:crypto";

/**
 * The developer's side, written for the tests from the docs (never imported by src/): a check
 * that the emulator's ciphertexts are what a real client can read.
 */

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

export function decryptWithSessionKey(sessionKey: string, iv: string, encryptedData: string) {
  const decipher = createDecipheriv(
    "aes-128-cbc",
    Buffer.from(sessionKey, "base64"),
    Buffer.from(iv, "base64"),
  );
  const plaintext = Buffer.concat([
    decipher.update(Buffer.from(encryptedData, "base64")),
    decipher.final(),
  ]);
  return JSON.parse(plaintext.toString("utf8"));
}

/**
 * RSA PKCS#1 v1.5 decryption as Node ≥ 20.11 forces it: raw RSA (no padding), then strip
 * `00 02 <at least 8 non-zero bytes> 00` by hand.
 */
export function decryptPkcs1(privateKey: string, base64: string) {
  const block = privateDecrypt(
    { key: privateKey, padding: constants.RSA_NO_PADDING },
    Buffer.from(base64, "base64"),
  );
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new Error("not a PKCS#1 v1.5 block");
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) throw new Error("PKCS#1 v1.5 padding too short");
  return JSON.parse(block.subarray(separator + 1).toString("utf8"));
}
