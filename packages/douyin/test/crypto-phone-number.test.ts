import {
  constants,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  publicEncrypt,
} from "node:crypto";
import { describe, expect, it } from "vitest";
import { removePkcs1v15Padding } from "../src/crypto/pkcs1-v15.ts";
import {
  checkWatermark,
  type DouyinDecryptError,
  DouyinInputError,
  decryptPhoneNumberCiphertext,
  isDouyinDecryptError,
} from "../src/index.ts";
import { type RsaVectors, vectorFile, vectorJson } from "./vectors/load.ts";

const rsa = vectorJson<RsaVectors>("rsa-openssl.json");
const pkcs8Pem = vectorFile("rsa-private.pem");
const pkcs1Pem = vectorFile("rsa-private-pkcs1.pem");

function vector(name: string) {
  const found = rsa.vectors.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no vector ${name}`);
  return found;
}

function failure(ciphertext: string, pem = pkcs8Pem): DouyinDecryptError {
  let thrown: unknown;
  try {
    decryptPhoneNumberCiphertext(ciphertext, pem);
  } catch (error) {
    thrown = error;
  }
  expect(isDouyinDecryptError(thrown)).toBe(true);
  const message = (thrown as Error).message;
  expect(message).not.toContain("13800138000");
  expect(message).not.toContain(ciphertext.slice(0, 16));
  return thrown as DouyinDecryptError;
}

describe("decryptPhoneNumberCiphertext against openssl pkeyutl vectors", () => {
  it("decrypts with the PKCS#8 key", () => {
    const phone = decryptPhoneNumberCiphertext(vector("phone number").data, pkcs8Pem);
    expect(phone).toEqual({
      phoneNumber: "13800138000",
      purePhoneNumber: "13800138000",
      countryCode: "86",
      watermark: { appid: "tt_vector_app", timestamp: 1700000000 },
    });
    expect(checkWatermark(phone, { appid: "tt_vector_app" }).timestamp).toBe(1700000000);
  });

  it("decrypts with the same key in PKCS#1 form", () => {
    const phone = decryptPhoneNumberCiphertext(vector("phone number").data, pkcs1Pem);
    expect(phone.phoneNumber).toBe("13800138000");
  });

  it("reads a numeric country code as a string", () => {
    const phone = decryptPhoneNumberCiphertext(
      vector("phone number with a numeric country code").data,
      pkcs8Pem,
    );
    expect(phone).toMatchObject({
      phoneNumber: "+85261234567",
      purePhoneNumber: "61234567",
      countryCode: "852",
    });
  });

  it("reports a ciphertext made for another key pair as private-key-mismatch", () => {
    const entry = vector("phone number for another key pair");
    expect(entry.encryptedWith).toBe("rsa-other-private.pem");
    expect(failure(entry.data).reason).toBe("private-key-mismatch");
    // …which the other key decrypts.
    const other = vectorFile("rsa-other-private.pem");
    expect(decryptPhoneNumberCiphertext(entry.data, other).phoneNumber).toBe("13800138000");
  });

  it("reports a well-padded plaintext that is not the phone JSON as malformed-plaintext", () => {
    expect(failure(vector("well padded but not JSON").data).reason).toBe("malformed-plaintext");
  });

  it("reports a tampered ciphertext as private-key-mismatch", () => {
    const bytes = Buffer.from(vector("phone number").data, "base64");
    for (const index of [0, 100, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] as number) ^ 0x40;
      expect(failure(tampered.toString("base64")).reason).toBe("private-key-mismatch");
    }
  });

  it("reports a value not below the modulus as private-key-mismatch", () => {
    expect(failure(Buffer.alloc(256, 0xff).toString("base64")).reason).toBe("private-key-mismatch");
  });

  it("reports a truncated ciphertext as malformed-input", () => {
    const bytes = Buffer.from(vector("phone number").data, "base64");
    const error = failure(bytes.subarray(0, 255).toString("base64"));
    expect(error).toMatchObject({ reason: "malformed-input", field: "ciphertext" });
  });

  it("reports non-base64 as malformed-input", () => {
    const data = vector("phone number").data;
    const error = failure(`${data.slice(0, 20)}!${data.slice(21)}`);
    expect(error).toMatchObject({ reason: "malformed-input", field: "ciphertext" });
  });

  it("accepts a KeyObject", () => {
    const key = createPrivateKey(pkcs8Pem);
    expect(decryptPhoneNumberCiphertext(vector("phone number").data, key).countryCode).toBe("86");
  });

  it.each([
    ["an empty key", ""],
    ["text that is no PEM", "not a key"],
    [
      "a public key",
      generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({
        type: "spki",
        format: "pem",
      }),
    ],
    [
      "an EC private key",
      generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
      }),
    ],
    ["a mangled PEM", pkcs8Pem.replace(/[A-Z]/g, "A")],
  ])("refuses %s as privateKeyPem with DouyinInputError", (_label, pem) => {
    let thrown: unknown;
    try {
      decryptPhoneNumberCiphertext(vector("phone number").data, pem as string);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinInputError);
    expect((thrown as DouyinInputError).field).toBe("privateKeyPem");
    expect((thrown as Error).message).not.toContain("PRIVATE KEY-----\n");
  });

  it("refuses a missing ciphertext with DouyinInputError", () => {
    expect(() => decryptPhoneNumberCiphertext("", pkcs8Pem)).toThrow(DouyinInputError);
    expect(() => decryptPhoneNumberCiphertext(undefined as never, pkcs8Pem)).toThrow(
      DouyinInputError,
    );
  });
});

/** What the platform would send for `plaintext`, encrypted with the vectors' public key. */
function encryptedFor(plaintext: unknown): string {
  const bytes = Buffer.isBuffer(plaintext) ? plaintext : Buffer.from(JSON.stringify(plaintext));
  return publicEncrypt(
    { key: createPublicKey(pkcs8Pem), padding: constants.RSA_PKCS1_PADDING },
    bytes,
  ).toString("base64");
}

describe("decryptPhoneNumberCiphertext: the phone JSON", () => {
  it("fills purePhoneNumber with phoneNumber and countryCode with '' when absent, and adds no watermark", () => {
    const phone = decryptPhoneNumberCiphertext(
      encryptedFor({ phoneNumber: "13800138000" }),
      pkcs8Pem,
    );
    expect(phone).toStrictEqual({
      phoneNumber: "13800138000",
      purePhoneNumber: "13800138000",
      countryCode: "",
    });
  });

  it("ignores a purePhoneNumber or countryCode that is neither string nor number", () => {
    const phone = decryptPhoneNumberCiphertext(
      encryptedFor({ phoneNumber: "+85261234567", purePhoneNumber: 61234567, countryCode: true }),
      pkcs8Pem,
    );
    expect(phone).toStrictEqual({
      phoneNumber: "+85261234567",
      purePhoneNumber: "+85261234567",
      countryCode: "",
    });
  });

  it("keeps a valid watermark and drops a malformed one", () => {
    const watermark = { appid: "tt_a", timestamp: 1_700_000_000 };
    expect(
      decryptPhoneNumberCiphertext(encryptedFor({ phoneNumber: "1", watermark }), pkcs8Pem)
        .watermark,
    ).toEqual(watermark);
    const phone = decryptPhoneNumberCiphertext(
      encryptedFor({ phoneNumber: "1", watermark: { appid: "tt_a" } }),
      pkcs8Pem,
    );
    expect("watermark" in phone).toBe(false);
  });

  it.each([
    ["an empty phoneNumber", encryptedFor({ phoneNumber: "", purePhoneNumber: "1" })],
    ["a numeric phoneNumber", encryptedFor({ phoneNumber: 13800138000, countryCode: "86" })],
    ["no phoneNumber", encryptedFor({ purePhoneNumber: "13800138000", countryCode: "86" })],
    ["JSON null", encryptedFor(null)],
    ["a JSON array", encryptedFor([{ phoneNumber: "13800138000" }])],
    ["a JSON string", encryptedFor("13800138000")],
    ["invalid UTF-8", encryptedFor(Buffer.from([0x7b, 0xff, 0x7d]))],
  ])("reports %s as malformed-plaintext", (_label, ciphertext) => {
    const error = failure(ciphertext);
    expect(error).toMatchObject({
      reason: "malformed-plaintext",
      message: "the decrypted phone number data is not the expected JSON",
    });
    expect(error.field).toBeUndefined();
  });

  it("says what a mismatch and a wrong length mean", () => {
    expect(failure(vector("phone number for another key pair").data)).toMatchObject({
      reason: "private-key-mismatch",
      message:
        "the phone number ciphertext was not made for this private key (or was tampered with)",
    });
    const short = Buffer.from(vector("phone number").data, "base64").subarray(1).toString("base64");
    expect(failure(short)).toMatchObject({
      reason: "malformed-input",
      field: "ciphertext",
      message: "the ciphertext must be 256 bytes, the size of the key's modulus",
    });
    expect(failure("AAAA=")).toMatchObject({
      reason: "malformed-input",
      field: "ciphertext",
      message: "ciphertext is not standard, padded, canonical base64",
    });
  });
});

describe("decryptPhoneNumberCiphertext: a caller's mistakes are DouyinInputError", () => {
  function inputError(ciphertext: unknown, key: unknown): DouyinInputError {
    let thrown: unknown;
    try {
      decryptPhoneNumberCiphertext(ciphertext as string, key as string);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinInputError);
    return thrown as DouyinInputError;
  }

  it("names a missing ciphertext", () => {
    for (const ciphertext of ["", undefined, 42]) {
      expect(inputError(ciphertext, pkcs8Pem)).toMatchObject({
        field: "ciphertext",
        message: "ciphertext must be a non-empty string",
      });
    }
  });

  it.each([
    ["no key", undefined],
    ["a number", 42],
    ["PEM bytes instead of text", Buffer.from(pkcs8Pem)],
    ["an RSA public KeyObject", createPublicKey(pkcs8Pem)],
    ["an EC private KeyObject", generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey],
    ["a secret KeyObject", createSecretKey(Buffer.alloc(32, 1))],
  ])("refuses %s as the private key", (_label, key) => {
    expect(inputError(vector("phone number").data, key)).toMatchObject({
      field: "privateKeyPem",
      message: "privateKeyPem must be an unencrypted RSA private key in PEM (PKCS#1 or PKCS#8)",
    });
  });
});

describe("removePkcs1v15Padding", () => {
  const block = (...parts: number[][]) => Uint8Array.from(parts.flat());
  const padding = (n: number) => Array.from({ length: n }, (_, i) => (i % 255) + 1);
  const message = [0x68, 0x00, 0x69]; // a zero inside the message is part of it

  it("removes 00 02 PS 00", () => {
    expect(removePkcs1v15Padding(block([0, 2], padding(8), [0], message))).toEqual(
      Uint8Array.from(message),
    );
    expect(removePkcs1v15Padding(block([0, 2], padding(200), [0], message))).toEqual(
      Uint8Array.from(message),
    );
  });

  it("allows an empty message", () => {
    expect(removePkcs1v15Padding(block([0, 2], padding(20), [0]))).toEqual(new Uint8Array(0));
  });

  it("accepts the shortest well-formed block: 00 02, 8 padding bytes, 00 (11 bytes)", () => {
    expect(removePkcs1v15Padding(block([0, 2], padding(8), [0]))).toEqual(new Uint8Array(0));
  });

  it.each([
    ["a non-zero first byte", block([1, 2], padding(20), [0], message)],
    ["block type 1 (signatures)", block([0, 1], padding(20), [0], message)],
    ["no separator", block([0, 2], padding(30))],
    ["only 7 padding bytes", block([0, 2], padding(7), [0], message)],
    ["a zero right after the header", block([0, 2, 0], padding(20), [0], message)],
    ["a block too short to hold the structure", block([0, 2], padding(8))],
  ])("refuses %s", (_label, bad) => {
    expect(removePkcs1v15Padding(bad)).toBeUndefined();
  });
});
