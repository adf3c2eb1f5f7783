import { DouyinInputError } from "../errors.ts";
import { matchesSha1Hex, sha1 } from "./digest.ts";

export interface UserInfoSignatureInput {
  /** getUserProfile's `rawData`, exactly as the mini-program received it. */
  readonly rawData: string;
  /** getUserProfile's `signature` (40 hex characters). */
  readonly signature: string;
  /** The user's current session_key, as code2session returned it (base64 text). */
  readonly sessionKey: string;
}

/**
 * True when `signature == sha1_hex(rawData + session_key)`, compared in constant time. A
 * signature of the wrong shape is false; a missing rawData or sessionKey is a DouyinInputError.
 */
export function verifyUserInfoSignature(input: UserInfoSignatureInput): boolean {
  if (typeof input !== "object" || input === null) {
    throw new DouyinInputError(
      "input",
      "verifyUserInfoSignature needs {rawData, signature, sessionKey}",
    );
  }
  const { rawData, signature, sessionKey } = input;
  if (typeof rawData !== "string") {
    throw new DouyinInputError("rawData", "rawData must be a string");
  }
  if (typeof sessionKey !== "string" || sessionKey === "") {
    throw new DouyinInputError("sessionKey", "sessionKey must be a non-empty string");
  }
  return matchesSha1Hex(sha1([rawData, sessionKey]), signature);
}
