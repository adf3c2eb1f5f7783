import { readFileSync } from "node:fs";

/** Reads a committed vector file (see vectors/README.md for the command that made it). */
export function vectorFile(name: string): string {
  return readFileSync(new URL(name, import.meta.url), "utf8");
}

export function vectorJson<T>(name: string): T {
  return JSON.parse(vectorFile(name)) as T;
}

export interface AesOpensslVectors {
  readonly keyHex: string;
  readonly ivHex: string;
  readonly sessionKey: string;
  readonly iv: string;
  readonly vectors: readonly { name: string; plaintext: string; encryptedData: string }[];
}

export interface AesJavaVectors {
  readonly sessionKey: string;
  readonly iv: string;
  readonly vectors: readonly { name: string; plaintextBase64: string; encryptedData: string }[];
}

export interface RsaVectors {
  readonly vectors: readonly {
    name: string;
    encryptedWith: string;
    plaintext: string;
    data: string;
  }[];
}

export interface Sha1Vectors {
  readonly userInfo: { rawData: string; sessionKey: string; signature: string };
  readonly webhooks: {
    secret: string;
    vectors: readonly { name: string; rawBody: string; signature: string }[];
  };
}
