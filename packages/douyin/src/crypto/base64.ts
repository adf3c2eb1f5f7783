import { DouyinDecryptError } from "./errors.ts";

/**
 * Decodes standard, padded base64 and refuses everything else: Buffer.from(…, "base64") silently
 * skips foreign characters and stops at bad padding, which would turn a truncated or mangled
 * value (e.g. "+" turned into " " by a form encoder) into wrong bytes instead of an error.
 * Unused trailing bits must be zero too (the canonical encoding every encoder produces).
 * URL-safe base64 and missing padding are refused: the platform sends the standard form.
 */
export function decodeStrictBase64(value: string, field: string): Buffer {
  if (!isStrictBase64(value)) {
    throw malformed(field, `${field} is not standard, padded, canonical base64`);
  }
  return Buffer.from(value, "base64");
}

/**
 * Standard, padded, canonical base64 (the empty string included). Node's encoder writes only that
 * form (standard alphabet, padded to a multiple of 4, `=` only at the end, zero unused bits), so a
 * value is canonical exactly when decoding and encoding it again gives it back.
 */
export function isStrictBase64(value: string): boolean {
  return Buffer.from(value, "base64").toString("base64") === value;
}

function malformed(field: string, message: string): DouyinDecryptError {
  return new DouyinDecryptError("malformed-input", message, field);
}
