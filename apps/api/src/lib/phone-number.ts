// Phone numbers (the user's, and address book telephones): normalising, masking, and the keys that
// protect them at rest. Nothing here logs or returns a number except as its masked form.
import { createHmac, hkdfSync } from "node:crypto";
import { createSecretBox, type SecretBox } from "./secret-box.ts";

/**
 * A key for one purpose, derived from a master key with HKDF-SHA256 and its own label, so that
 * one secret never serves two algorithms (the master key encrypts; derived keys hash).
 */
export function deriveKey(masterKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), `tt-fullstack/${label}`, 32));
}

/** HMAC-SHA256 in hex: a lookup value that says nothing without the key. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac("sha256", key).update(value).digest("hex");
}

export interface NormalisedPhone {
  /** Digits only, e.g. "86". */
  countryCode: string;
  /** The national number, digits only, e.g. "13812345678". */
  national: string;
  /** `+<countryCode><national>`: what is encrypted and hashed. */
  e164: string;
  /** E.g. "138****5678". */
  masked: string;
}

/** Mainland China: Douyin's numbers come from there when the platform omits the country code. */
const defaultCountryCode = "86";

/**
 * The phone JSON of both getPhoneNumber flows ({phoneNumber, purePhoneNumber, countryCode}) as
 * one normalised number, or undefined when it holds no plausible number. (?) countryCode arrives
 * as a string or a number, sometimes with "+"; when it is absent the number is read as mainland.
 */
export function normalisePhone(data: Record<string, unknown>): NormalisedPhone | undefined {
  const { phoneNumber, purePhoneNumber, countryCode } = data;
  const pure =
    typeof purePhoneNumber === "string" && purePhoneNumber !== "" ? purePhoneNumber : phoneNumber;
  if (typeof pure !== "string") return undefined;
  const code =
    typeof countryCode === "number" || typeof countryCode === "string"
      ? String(countryCode).trim().replace(/^\+/, "")
      : "";
  const country = code === "" ? defaultCountryCode : code;
  let national = pure.replace(/[\s()-]/g, "");
  // Only phoneNumber (with its country code) was sent: "+85291234567" → "91234567".
  if (national.startsWith(`+${country}`)) national = national.slice(country.length + 1);
  if (!/^\d{1,4}$/.test(country) || !/^\d{5,15}$/.test(national)) return undefined;
  // E.164: at most 15 digits with the country code.
  if (country.length + national.length > 15) return undefined;
  return {
    countryCode: country,
    national,
    e164: `+${country}${national}`,
    masked: maskDigits(national),
  };
}

/**
 * The masked form of a number's digits: the first 3 and the last 4 stay (138****5678). Shorter
 * numbers would be shown whole that way: under 8 digits only the last 2 stay.
 */
export function maskDigits(digits: string): string {
  if (digits.length >= 8) {
    return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}${digits.slice(-4)}`;
  }
  return `${"*".repeat(Math.max(digits.length - 2, 0))}${digits.slice(-2)}`;
}

export interface NormalisedTelephone {
  /** As the user wrote it, trimmed, inner whitespace collapsed: what is encrypted. */
  text: string;
  /** Digits only (with a leading + kept): what the address fingerprint uses. */
  canonical: string;
  masked: string;
}

/** An address book telephone (mobile or landline, e.g. "010-6552 1234"), or undefined. */
export function normaliseTelephone(value: string): NormalisedTelephone | undefined {
  const text = value.trim().replace(/\s+/g, " ");
  if (!/^\+?[0-9][0-9 ()-]*[0-9]$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, "");
  if (digits.length < 5 || digits.length > 20) return undefined;
  return {
    text,
    canonical: `${text.startsWith("+") ? "+" : ""}${digits}`,
    masked: maskDigits(digits),
  };
}

/**
 * Encryption at rest (AES-256-GCM under PHONE_ENCRYPTION_KEY, bound to a context such as the
 * user id) and lookup hashes (HMAC-SHA256 under a key derived from it with its own label).
 */
export function createPhoneVault(encryptionKey: Buffer) {
  const box: SecretBox = createSecretBox(encryptionKey);
  const lookupKey = deriveKey(encryptionKey, "phone-lookup/v1");
  return {
    seal: (value: string, context: string) => box.seal(value, context),
    open: (sealed: string, context: string) => box.open(sealed, context),
    /** The same number always gives the same hash: find a user by number without decrypting. */
    lookupHash: (e164: string) => keyedHash(lookupKey, e164),
  };
}

export type PhoneVault = ReturnType<typeof createPhoneVault>;
