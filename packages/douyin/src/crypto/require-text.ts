import { DouyinInputError } from "../errors.ts";

/** A missing or non-string argument is the caller's bug: DouyinInputError. (A string that is not
 * valid base64 is bad data from the device: DouyinDecryptError "malformed-input".) */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "") {
    throw new DouyinInputError(field, `${field} must be a non-empty string`);
  }
  return value;
}
