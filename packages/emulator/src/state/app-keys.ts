import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The RSA key pair of an app for the phone-number-by-code flow: the platform encrypts with the
 * public key (uploaded in the console); the developer's server decrypts with the private key.
 */
export interface AppKeyPair {
  /** PEM, SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"). */
  readonly publicKey: string;
  /** PEM as given or generated; undefined when an app brought only its public key. */
  readonly privateKey?: string;
}

export interface FixtureKeyPair extends Required<AppKeyPair> {
  readonly publicKeyPath: string;
  readonly privateKeyPath: string;
}

/** TEST ONLY key pairs, committed under packages/emulator/fixtures/ (see its README). */
function fixtureKeyPair(appid: string): FixtureKeyPair {
  const path = (suffix: string) =>
    fileURLToPath(new URL(`../../fixtures/${appid}.${suffix}.pem`, import.meta.url));
  const publicKeyPath = path("public");
  const privateKeyPath = path("private");
  return Object.freeze({
    publicKeyPath,
    privateKeyPath,
    publicKey: readFileSync(publicKeyPath, "utf8"),
    privateKey: readFileSync(privateKeyPath, "utf8"),
  });
}

/** Key pair of DEFAULT_APP (tt_emulator_app): configure the SDK with `privateKey` in tests. */
export const DEFAULT_APP_KEYS: FixtureKeyPair = fixtureKeyPair("tt_emulator_app");
/** Key pair of SECOND_APP (tt_emulator_app_2). */
export const SECOND_APP_KEYS: FixtureKeyPair = fixtureKeyPair("tt_emulator_app_2");

/**
 * Checks keys given for a custom app. Either may be given alone (the emulator only needs the
 * public key; a private key alone yields its public half); both must belong together.
 * Messages never quote the keys.
 */
export function validateKeyPair(
  publicKey: unknown,
  privateKey: unknown,
  where: string,
): AppKeyPair | undefined {
  if (publicKey === undefined && privateKey === undefined) return undefined;
  const fromPrivate =
    privateKey === undefined ? undefined : parse(privateKey, `${where}.privateKey`, true);
  const fromPublic =
    publicKey === undefined ? undefined : parse(publicKey, `${where}.publicKey`, false);
  const derived = fromPrivate === undefined ? undefined : createPublicKey(fromPrivate);
  const spki = (fromPublic ?? derived) as KeyObject;
  if (derived !== undefined && fromPublic !== undefined && !sameKey(derived, fromPublic)) {
    throw new Error(`${where}.publicKey does not belong to ${where}.privateKey`);
  }
  return {
    publicKey: spki.export({ type: "spki", format: "pem" }).toString(),
    ...(privateKey === undefined ? {} : { privateKey: privateKey as string }),
  };
}

/** A fresh pair for a custom app that brought none (not seeded: OpenSSL draws the primes). */
export function generateKeyPair(): AppKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey, privateKey };
}

function parse(value: unknown, where: string, isPrivate: boolean): KeyObject {
  if (typeof value !== "string" || !value.includes("-----BEGIN")) {
    throw new Error(`${where} must be a PEM string`);
  }
  let key: KeyObject;
  try {
    key = isPrivate ? createPrivateKey(value) : createPublicKey(value);
  } catch {
    throw new Error(`${where} is not a readable ${isPrivate ? "private" : "public"} key`);
  }
  // 2048 bits at least: a smaller key cannot encrypt the phone-number JSON with PKCS#1 v1.5.
  if (key.asymmetricKeyType !== "rsa" || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new Error(`${where} must be an RSA key of at least 2048 bits`);
  }
  return key;
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  const der = (key: KeyObject) => key.export({ type: "spki", format: "der" });
  return der(a).equals(der(b));
}
