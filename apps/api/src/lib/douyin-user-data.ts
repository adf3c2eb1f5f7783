// What the mini-program sends up encrypted with the session key (tt.getUserProfile, the old
// getPhoneNumber flow), read with the SDK's helpers and every failure turned into a problem the
// client can act on. None of these problems quotes the data, the key or the plaintext.
import {
  checkWatermark,
  decryptUserData,
  isDouyinDecryptError,
  isDouyinWatermarkError,
  verifyUserInfoSignature,
} from "@tt/douyin";
import { DomainError, ProblemCode } from "../domain/errors.ts";

export const sessionExpired = () =>
  new DomainError(
    ProblemCode.SessionExpired,
    "The data was encrypted with another session key: call tt.login, log in, and ask again",
  );

const encryptedDataInvalid = (detail: string) =>
  new DomainError(ProblemCode.EncryptedDataInvalid, detail);

function decryptProblem(error: unknown): DomainError {
  if (isDouyinDecryptError(error)) {
    if (error.reason === "session-key-mismatch") return sessionExpired();
    // A stored key that cannot be read is ours to renew: a new login stores a good one.
    if (error.field === "sessionKey") return sessionExpired();
    return encryptedDataInvalid(
      error.field === "iv"
        ? "iv must be standard base64 of 16 bytes"
        : "encryptedData must be standard base64 of whole 16-byte blocks",
    );
  }
  throw error;
}

/** The watermark must name our app; its age is not limited (the session key already is). */
function checkOurs(data: Record<string, unknown>, appid: string): void {
  try {
    checkWatermark(data, { appid });
  } catch (error) {
    if (isDouyinWatermarkError(error)) {
      throw new DomainError(
        ProblemCode.WatermarkInvalid,
        error.reason === "missing"
          ? "The decrypted data carries no watermark"
          : "The data was issued for another app",
      );
    }
    throw error;
  }
}

export interface EncryptedInput {
  encryptedData: string;
  iv: string;
}

/** Old getPhoneNumber flow: no signature, so a key mismatch and tampering look the same. */
export function openUserData(
  input: EncryptedInput,
  sessionKey: string,
  appid: string,
): Record<string, unknown> {
  let data: Record<string, unknown>;
  try {
    data = decryptUserData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey });
  } catch (error) {
    throw decryptProblem(error);
  }
  checkOurs(data, appid);
  return data;
}

export interface SignedInput extends EncryptedInput {
  rawData: string;
  signature: string;
}

/**
 * tt.getUserProfile's object: signature and ciphertext are both checked, and together they tell
 * a stale session key from tampering:
 * - signature wrong, ciphertext unreadable with our key → the key is stale (or another user's):
 *   401 SESSION_EXPIRED, the client logs in again;
 * - signature wrong, ciphertext readable → our key is current, rawData was altered: 400
 *   SIGNATURE_INVALID;
 * - signature right (so our key is the one), ciphertext unreadable → encryptedData or iv was
 *   altered: 400 ENCRYPTED_DATA_INVALID.
 */
export function openSignedUserData(
  input: SignedInput,
  sessionKey: string,
  appid: string,
): Record<string, unknown> {
  const signed = verifyUserInfoSignature({
    rawData: input.rawData,
    signature: input.signature,
    sessionKey,
  });
  let data: Record<string, unknown>;
  try {
    data = decryptUserData({ encryptedData: input.encryptedData, iv: input.iv, sessionKey });
  } catch (error) {
    const problem = decryptProblem(error);
    if (signed && problem.code === ProblemCode.SessionExpired) {
      throw encryptedDataInvalid("encryptedData or iv was altered: send tt's object unchanged");
    }
    throw problem;
  }
  if (!signed) {
    throw new DomainError(ProblemCode.SignatureInvalid, "rawData does not match signature");
  }
  checkOurs(data, appid);
  return data;
}
