import { createDecipheriv } from "node:crypto";
import { DouyinInputError } from "../errors.ts";
import { decodeStrictBase64 } from "./base64.ts";
import { DouyinDecryptError } from "./errors.ts";
import { parseJsonObject } from "./json-plaintext.ts";
import { removePkcs7Padding } from "./pkcs7.ts";
import { requireText } from "./require-text.ts";

const KEY_BYTES = 16;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;

export interface EncryptedUserData {
  /** `encryptedData` from getUserProfile / the old getPhoneNumber button (base64). */
  readonly encryptedData: string;
  /** `iv` from the same answer (base64 of 16 bytes). */
  readonly iv: string;
  /** The user's current session_key (base64 of 16 bytes). */
  readonly sessionKey: string;
}

/**
 * Decrypts user data: AES-128-CBC, PKCS#7 padding, key = base64(session_key), iv = base64(iv).
 * Throws DouyinDecryptError: "malformed-input" (with `field`) for bad base64 or lengths,
 * "session-key-mismatch" when the padding, UTF-8 or JSON is wrong — what a rotated or wrong
 * session_key produces: the user must log in again. Check the watermark with checkWatermark.
 */
export function decryptUserData<T extends object = Record<string, unknown>>(
  input: EncryptedUserData,
): T {
  if (typeof input !== "object" || input === null) {
    throw new DouyinInputError("input", "decryptUserData needs {encryptedData, iv, sessionKey}");
  }
  const key = decodeStrictBase64(requireText(input.sessionKey, "sessionKey"), "sessionKey");
  const iv = decodeStrictBase64(requireText(input.iv, "iv"), "iv");
  const ciphertext = decodeStrictBase64(
    requireText(input.encryptedData, "encryptedData"),
    "encryptedData",
  );
  if (key.length !== KEY_BYTES) {
    throw new DouyinDecryptError(
      "malformed-input",
      "sessionKey must decode to 16 bytes",
      "sessionKey",
    );
  }
  if (iv.length !== IV_BYTES) {
    throw new DouyinDecryptError("malformed-input", "iv must decode to 16 bytes", "iv");
  }
  // Never empty: requireText refused "", and non-empty canonical base64 holds at least one byte.
  if (ciphertext.length % BLOCK_BYTES !== 0) {
    throw new DouyinDecryptError(
      "malformed-input",
      "encryptedData must decode to a non-empty multiple of 16 bytes",
      "encryptedData",
    );
  }

  // Padding is removed by hand so that it is checked explicitly (OpenSSL's own check surfaces
  // as a generic "bad decrypt" exception).
  const decipher = createDecipheriv("aes-128-cbc", key, iv).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const plain = removePkcs7Padding(padded);
  // Stryker disable next-line ConditionalExpression: equivalent, parseJsonObject(undefined) is undefined too (TextDecoder decodes undefined as "", which is not JSON)
  const data = plain === undefined ? undefined : parseJsonObject(plain);
  padded.fill(0);
  if (data === undefined) {
    throw new DouyinDecryptError(
      "session-key-mismatch",
      "the data cannot be decrypted with this session key (rotated by a later tt.login, or tampered with): log in again",
    );
  }
  return data as T;
}
