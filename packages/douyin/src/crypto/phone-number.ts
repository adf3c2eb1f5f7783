import { constants, type KeyObject, privateDecrypt } from "node:crypto";
import { DouyinInputError } from "../errors.ts";
import { decodeStrictBase64 } from "./base64.ts";
import { DouyinDecryptError } from "./errors.ts";
import { parseJsonObject } from "./json-plaintext.ts";
import { removePkcs1v15Padding } from "./pkcs1-v15.ts";
import { readRsaPrivateKey } from "./private-key.ts";
import { requireText } from "./require-text.ts";
import { readWatermark, type Watermark } from "./watermark.ts";

/** The phone JSON, as the old encryptedData flow and the new code flow both deliver it. */
export interface PhoneNumberInfo {
  /** With the country code for numbers outside mainland China, e.g. "13800138000". */
  readonly phoneNumber: string;
  /** Without the country code. */
  readonly purePhoneNumber: string;
  /** E.g. "86". (?) A number in some answers: always read as a string. */
  readonly countryCode: string;
  /** Check it with checkWatermark; absent only if the platform sent none. */
  readonly watermark?: Watermark;
}

/**
 * Decrypts getPhoneNumber's `data` (new code flow): base64 of an RSA PKCS#1 v1.5 ciphertext made
 * with the public key uploaded in the console; the plaintext is the phone JSON.
 *
 * Why not privateDecrypt with RSA_PKCS1_PADDING: since Node 20.11.1 / 21.6.2 (CVE-2023-46809, the
 * Marvin attack) Node refuses it unless started with --security-revert, and where it is allowed
 * again (OpenSSL with implicit rejection) a wrong key yields random bytes instead of an error. So
 * the block is decrypted with RSA_NO_PADDING — available on Node 20, 22 and 24 alike — and the
 * `00 02 PS 00 M` structure is checked here, in constant-time-ish code (see pkcs1-v15.ts).
 * A padding error is still reported (as DouyinDecryptError "private-key-mismatch"): the oracle
 * concern is small here because the ciphertext comes from the platform over TLS, fetched with our
 * own token, not from a caller who could submit chosen ciphertexts.
 *
 * Errors: DouyinInputError for a missing ciphertext or a key that is not an RSA private key PEM;
 * DouyinDecryptError "malformed-input" (bad base64, length ≠ modulus size), "private-key-mismatch",
 * "malformed-plaintext" (valid padding but not the phone JSON). The watermark is not checked here.
 */
export function decryptPhoneNumberCiphertext(
  ciphertextBase64: string,
  privateKeyPem: string | KeyObject,
): PhoneNumberInfo {
  const key = readRsaPrivateKey(privateKeyPem);
  if (key === undefined) {
    throw new DouyinInputError(
      "privateKeyPem",
      "privateKeyPem must be an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)",
    );
  }
  const ciphertext = decodeStrictBase64(requireText(ciphertextBase64, "ciphertext"), "ciphertext");
  // Stryker disable next-line OptionalChaining: equivalent, readRsaPrivateKey returns only RSA keys, whose asymmetricKeyDetails Node always fills in
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (ciphertext.length !== modulusBytes) {
    throw new DouyinDecryptError(
      "malformed-input",
      `the ciphertext must be ${modulusBytes} bytes, the size of the key's modulus`,
      "ciphertext",
    );
  }
  let block: Buffer;
  try {
    block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    // OpenSSL refuses a ciphertext not below the modulus: not made for this key.
    throw mismatch();
  }
  const message = removePkcs1v15Padding(block);
  // Stryker disable next-line ConditionalExpression: equivalent, parseJsonObject(undefined) is undefined too (TextDecoder decodes undefined as "", which is not JSON)
  const data = message === undefined ? undefined : parseJsonObject(message);
  block.fill(0);
  if (message === undefined) throw mismatch();
  const phone = data === undefined ? undefined : readPhone(data);
  if (phone === undefined) {
    throw new DouyinDecryptError(
      "malformed-plaintext",
      "the decrypted phone number data is not the expected JSON",
    );
  }
  return phone;
}

function mismatch(): DouyinDecryptError {
  return new DouyinDecryptError(
    "private-key-mismatch",
    "the phone number ciphertext was not made for this private key (or was tampered with)",
  );
}

function readPhone(data: Record<string, unknown>): PhoneNumberInfo | undefined {
  const { phoneNumber, purePhoneNumber, countryCode } = data;
  if (typeof phoneNumber !== "string" || phoneNumber === "") return undefined;
  const watermark = readWatermark(data);
  return {
    phoneNumber,
    purePhoneNumber: typeof purePhoneNumber === "string" ? purePhoneNumber : phoneNumber,
    countryCode:
      typeof countryCode === "string" || typeof countryCode === "number" ? String(countryCode) : "",
    ...(watermark === undefined ? {} : { watermark }),
  };
}
