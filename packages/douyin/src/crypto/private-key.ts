import { createPrivateKey, KeyObject } from "node:crypto";

/**
 * The RSA private key as a KeyObject, or undefined when the value is neither a PEM (PKCS#1
 * "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY") of an unencrypted RSA private key nor such a
 * KeyObject.
 */
export function readRsaPrivateKey(value: unknown): KeyObject | undefined {
  if (value instanceof KeyObject) {
    return value.type === "private" && value.asymmetricKeyType === "rsa" ? value : undefined;
  }
  if (typeof value !== "string") return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: value, format: "pem" });
  } catch {
    // Not a PEM private key. The parser's message may quote the key: drop it.
    return undefined;
  }
  return key.asymmetricKeyType === "rsa" ? key : undefined;
}
