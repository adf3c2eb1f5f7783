/**
 * Why a decryption failed. Callers map the first to "log in again" and the others to a bug or a
 * misconfiguration; none of them is ever reported as garbage data or a generic exception.
 * - "session-key-mismatch": AES padding or plaintext is wrong: the session_key is not the one the
 *   data was encrypted with (rotated by a later tt.login, or another user's), or the data was
 *   tampered with. These cannot be told apart, on purpose.
 * - "malformed-input": not strict base64, wrong key/iv length, ciphertext empty or not a whole
 *   number of blocks.
 * - "private-key-mismatch": the RSA block does not have the PKCS#1 v1.5 structure: the
 *   ciphertext was made for another key pair (the public key in the console is not ours), or it
 *   was tampered with.
 * - "malformed-plaintext": the RSA block is well formed but does not hold the expected JSON.
 */
export type DouyinDecryptFailure =
  | "session-key-mismatch"
  | "malformed-input"
  | "private-key-mismatch"
  | "malformed-plaintext";

/** A decryption failed. The message never quotes ciphertexts, keys or plaintexts. */
export class DouyinDecryptError extends Error {
  override readonly name = "DouyinDecryptError";
  readonly reason: DouyinDecryptFailure;
  /** The input at fault for "malformed-input" (encryptedData, iv, sessionKey, ciphertext). */
  readonly field?: string;

  constructor(reason: DouyinDecryptFailure, message: string, field?: string) {
    super(message);
    this.reason = reason;
    this.field = field;
  }
}

/** - "missing": no watermark, or one without a string appid and a numeric timestamp.
 * - "foreign-appid": the data was decrypted for another app.
 * - "expired": the watermark is older than maxAgeSeconds. */
export type DouyinWatermarkFailure = "missing" | "foreign-appid" | "expired";

export class DouyinWatermarkError extends Error {
  override readonly name = "DouyinWatermarkError";
  readonly reason: DouyinWatermarkFailure;

  constructor(reason: DouyinWatermarkFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

export function isDouyinDecryptError(value: unknown): value is DouyinDecryptError {
  return value instanceof DouyinDecryptError;
}

export function isDouyinWatermarkError(value: unknown): value is DouyinWatermarkError {
  return value instanceof DouyinWatermarkError;
}
