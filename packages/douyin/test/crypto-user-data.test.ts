import { createCipheriv } from "node:crypto";
import { describe, expect, it } from "vitest";
import { removePkcs7Padding } from "../src/crypto/pkcs7.ts";
import {
  checkWatermark,
  DouyinDecryptError,
  DouyinInputError,
  DouyinWatermarkError,
  decryptUserData,
  isDouyinDecryptError,
} from "../src/index.ts";
import { type AesJavaVectors, type AesOpensslVectors, vectorJson } from "./vectors/load.ts";

const openssl = vectorJson<AesOpensslVectors>("aes-openssl.json");
const java = vectorJson<AesJavaVectors>("aes-java.json");
const jsonVectors = openssl.vectors.filter((vector) => vector.plaintext.startsWith("{"));

function vector(name: string) {
  const found = openssl.vectors.find((candidate) => candidate.name.startsWith(name));
  if (found === undefined) throw new Error(`no vector ${name}`);
  return found;
}

function decryptionFailure(input: Parameters<typeof decryptUserData>[0]): DouyinDecryptError {
  let thrown: unknown;
  try {
    decryptUserData(input);
  } catch (error) {
    thrown = error;
  }
  expect(isDouyinDecryptError(thrown)).toBe(true);
  const error = thrown as DouyinDecryptError;
  // Never the key, the iv, the ciphertext or any plaintext.
  for (const value of [input.sessionKey, input.iv, input.encryptedData, "1380013"]) {
    if (typeof value === "string" && value.length >= 4) expect(error.message).not.toContain(value);
  }
  return error;
}

/** What the platform would send for `plaintext`, encrypted with the openssl vectors' key and iv. */
function encrypted(plaintext: string | Buffer): string {
  const cipher = createCipheriv(
    "aes-128-cbc",
    Buffer.from(openssl.keyHex, "hex"),
    Buffer.from(openssl.ivHex, "hex"),
  );
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString("base64");
}

const withVectorKey = (encryptedData: string) => ({
  encryptedData,
  iv: openssl.iv,
  sessionKey: openssl.sessionKey,
});

/** Flips one bit of the decoded bytes at `index` (negative: from the end). */
function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, "base64");
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes.toString("base64");
}

describe("decryptUserData against openssl enc vectors", () => {
  it.each(jsonVectors.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    const data = decryptUserData({
      encryptedData: entry.encryptedData,
      iv: openssl.iv,
      sessionKey: openssl.sessionKey,
    });
    expect(data).toEqual(JSON.parse(entry.plaintext));
  });

  it("adds a whole padding block to 16 and 32 bytes of plaintext", () => {
    for (const [name, bytes] of [
      ["2 bytes", 2],
      ["15 bytes", 15],
      ["16 bytes", 16],
      ["17 bytes", 17],
      ["32 bytes", 32],
    ] as const) {
      expect(Buffer.byteLength(vector(name).plaintext)).toBe(bytes);
    }
    expect(Buffer.from(vector("16 bytes").encryptedData, "base64")).toHaveLength(32);
    expect(Buffer.from(vector("32 bytes").encryptedData, "base64")).toHaveLength(48);
    expect(Buffer.from(vector("15 bytes").encryptedData, "base64")).toHaveLength(16);
  });

  it("reports well-padded plaintext that is not JSON as a session key mismatch", () => {
    const error = decryptionFailure({
      encryptedData: vector("16 bytes of text").encryptedData,
      iv: openssl.iv,
      sessionKey: openssl.sessionKey,
    });
    expect(error.reason).toBe("session-key-mismatch");
  });
});

describe("decryptUserData against Java AES/CBC/PKCS5Padding vectors", () => {
  it.each(java.vectors.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
    const data = decryptUserData({
      encryptedData: entry.encryptedData,
      iv: java.iv,
      sessionKey: java.sessionKey,
    });
    expect(data).toEqual(JSON.parse(Buffer.from(entry.plaintextBase64, "base64").toString("utf8")));
  });

  it("has 16- and 32-byte plaintexts (two and three blocks of ciphertext)", () => {
    const lengths = java.vectors.map((entry) => [
      Buffer.from(entry.plaintextBase64, "base64").length,
      Buffer.from(entry.encryptedData, "base64").length,
    ]);
    expect(lengths).toContainEqual([16, 32]);
    expect(lengths).toContainEqual([32, 48]);
  });

  it("finds the foreign watermark of the Java phone vector", () => {
    const entry = java.vectors.find((candidate) => candidate.name.includes("foreign"));
    const data = decryptUserData({
      encryptedData: entry?.encryptedData ?? "",
      iv: java.iv,
      sessionKey: java.sessionKey,
    });
    expect(() => checkWatermark(data, { appid: "tt_vector_app" })).toThrow(DouyinWatermarkError);
    try {
      checkWatermark(data, { appid: "tt_vector_app" });
    } catch (error) {
      expect((error as DouyinWatermarkError).reason).toBe("foreign-appid");
    }
  });
});

describe("decryptUserData failures", () => {
  const profile = vector("user profile");
  const good = {
    encryptedData: profile.encryptedData,
    iv: openssl.iv,
    sessionKey: openssl.sessionKey,
  };

  it.each(jsonVectors.map((entry) => [entry.name, entry] as const))(
    "wrong (rotated) session key → session-key-mismatch: %s",
    (_name, entry) => {
      const error = decryptionFailure({
        encryptedData: entry.encryptedData,
        iv: openssl.iv,
        sessionKey: java.sessionKey,
      });
      expect(error.reason).toBe("session-key-mismatch");
    },
  );

  it("wrong iv → session-key-mismatch (the first block turns to garbage)", () => {
    expect(decryptionFailure({ ...good, iv: java.iv }).reason).toBe("session-key-mismatch");
  });

  it("tampered last block → session-key-mismatch", () => {
    const error = decryptionFailure({ ...good, encryptedData: flipByte(good.encryptedData, -1) });
    expect(error.reason).toBe("session-key-mismatch");
  });

  it("tampered first block → session-key-mismatch", () => {
    const error = decryptionFailure({ ...good, encryptedData: flipByte(good.encryptedData, 0) });
    expect(error.reason).toBe("session-key-mismatch");
  });

  it("truncated by a whole block → session-key-mismatch (the padding is gone)", () => {
    const bytes = Buffer.from(good.encryptedData, "base64");
    const encryptedData = bytes.subarray(0, bytes.length - 16).toString("base64");
    expect(decryptionFailure({ ...good, encryptedData }).reason).toBe("session-key-mismatch");
  });

  it("truncated inside a block → malformed-input", () => {
    const bytes = Buffer.from(good.encryptedData, "base64");
    const encryptedData = bytes.subarray(0, bytes.length - 3).toString("base64");
    const error = decryptionFailure({ ...good, encryptedData });
    expect(error).toMatchObject({ reason: "malformed-input", field: "encryptedData" });
  });

  it("truncated base64 text → malformed-input", () => {
    const error = decryptionFailure({ ...good, encryptedData: good.encryptedData.slice(0, -2) });
    expect(error).toMatchObject({ reason: "malformed-input", field: "encryptedData" });
  });

  it.each([
    ["a foreign character", (text: string) => `${text.slice(0, 10)}*${text.slice(11)}`],
    ["a space ('+' lost in a form)", (text: string) => text.replace(/\+/g, " ")],
    ["URL-safe characters", (text: string) => text.replace(/\+/g, "-").replace(/\//g, "_")],
    ["padding in the middle", (text: string) => `${text.slice(0, 8)}=${text.slice(9)}`],
    ["missing padding", (text: string) => text.replace(/=+$/, "")],
    ["a line break", (text: string) => `${text.slice(0, 64)}\n${text.slice(64)}`],
  ])("non-base64 encryptedData (%s) → malformed-input", (_label, mangle) => {
    const encryptedData = mangle(good.encryptedData);
    expect(encryptedData).not.toBe(good.encryptedData);
    const error = decryptionFailure({ ...good, encryptedData });
    expect(error).toMatchObject({ reason: "malformed-input", field: "encryptedData" });
  });

  it("non-canonical base64 (non-zero unused bits) → malformed-input", () => {
    // "Zg==" is "f"; "Zh==" decodes to the same byte with a stray bit.
    const error = decryptionFailure({ ...good, iv: openssl.iv.replace(/Q==$/, "R==") });
    expect(error).toMatchObject({ reason: "malformed-input", field: "iv" });
  });

  it("iv of 12 bytes → malformed-input", () => {
    const iv = Buffer.alloc(12, 7).toString("base64");
    expect(decryptionFailure({ ...good, iv })).toMatchObject({
      reason: "malformed-input",
      field: "iv",
    });
  });

  it("session key of 24 bytes → malformed-input", () => {
    const sessionKey = Buffer.alloc(24, 7).toString("base64");
    expect(decryptionFailure({ ...good, sessionKey })).toMatchObject({
      reason: "malformed-input",
      field: "sessionKey",
    });
  });

  it("non-base64 session key → malformed-input", () => {
    expect(decryptionFailure({ ...good, sessionKey: "not base64!" })).toMatchObject({
      reason: "malformed-input",
      field: "sessionKey",
    });
  });

  it.each([
    ["no input", null],
    ["a missing encryptedData", { iv: openssl.iv, sessionKey: openssl.sessionKey }],
    ["an empty iv", { ...good, iv: "" }],
    ["a numeric session key", { ...good, sessionKey: 42 }],
  ])("refuses %s with DouyinInputError", (_label, input) => {
    expect(() => decryptUserData(input as never)).toThrow(DouyinInputError);
  });

  it("the error is an Error with its own name", () => {
    const error = decryptionFailure({ ...good, sessionKey: java.sessionKey });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DouyinDecryptError);
    expect(error.name).toBe("DouyinDecryptError");
  });
});

describe("decryptUserData: what the plaintext must be", () => {
  it("returns the JSON object the session key encrypted", () => {
    const plaintext = {
      nickName: "抖音用户",
      gender: 1,
      watermark: { appid: "tt_a", timestamp: 1 },
    };
    expect(decryptUserData(withVectorKey(encrypted(JSON.stringify(plaintext))))).toEqual(plaintext);
  });

  it("skips a UTF-8 byte order mark before the JSON", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const encryptedData = encrypted(Buffer.concat([bom, Buffer.from('{"nickName":"x"}')]));
    expect(decryptUserData(withVectorKey(encryptedData))).toEqual({ nickName: "x" });
  });

  it.each([
    ["null", "null"],
    ["an array", '[{"nickName":"x"}]'],
    ["a number", "42"],
    ["a string", '"nickName"'],
    ["a boolean", "true"],
  ])("reports JSON holding %s, not an object, as session-key-mismatch", (_label, plaintext) => {
    const error = decryptionFailure(withVectorKey(encrypted(plaintext)));
    expect(error.reason).toBe("session-key-mismatch");
  });

  it("reports invalid UTF-8 as session-key-mismatch, even inside a JSON string", () => {
    const plaintext = Buffer.concat([
      Buffer.from('{"nickName":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    expect(decryptionFailure(withVectorKey(encrypted(plaintext))).reason).toBe(
      "session-key-mismatch",
    );
  });

  it("tells the user to log in again, and names no field", () => {
    const error = decryptionFailure(withVectorKey(encrypted("not json")));
    expect(error.message).toBe(
      "the data cannot be decrypted with this session key (rotated by a later tt.login, or tampered with): log in again",
    );
    expect(error.field).toBeUndefined();
  });
});

describe("decryptUserData: messages of malformed input", () => {
  const good = withVectorKey(vector("user profile").encryptedData);

  it.each([
    ["sessionKey", { ...good, sessionKey: "AAAA" }, "sessionKey must decode to 16 bytes"],
    ["iv", { ...good, iv: "AAAA" }, "iv must decode to 16 bytes"],
    [
      "encryptedData",
      { ...good, encryptedData: Buffer.alloc(17).toString("base64") },
      "encryptedData must decode to a non-empty multiple of 16 bytes",
    ],
    [
      "encryptedData",
      { ...good, encryptedData: Buffer.alloc(16).toString("base64url") },
      "encryptedData is not standard, padded, canonical base64",
    ],
    ["iv", { ...good, iv: "AAAA=" }, "iv is not standard, padded, canonical base64"],
    [
      "sessionKey",
      { ...good, sessionKey: `${good.sessionKey} ` },
      "sessionKey is not standard, padded, canonical base64",
    ],
  ])("names %s: %j", (field, input, message) => {
    const error = decryptionFailure(input);
    expect(error).toMatchObject({ reason: "malformed-input", field, message });
  });

  it("accepts only one whole block or more (a single block is enough)", () => {
    const error = decryptionFailure(withVectorKey(Buffer.alloc(16).toString("base64")));
    expect(error.reason).toBe("session-key-mismatch");
  });
});

describe("decryptUserData: a caller's mistakes are DouyinInputError", () => {
  const good = withVectorKey(vector("user profile").encryptedData);

  function inputError(input: unknown): DouyinInputError {
    let thrown: unknown;
    try {
      decryptUserData(input as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinInputError);
    return thrown as DouyinInputError;
  }

  it.each([null, undefined, "encryptedData", 42])("refuses %j as input", (input) => {
    expect(inputError(input)).toMatchObject({
      field: "input",
      message: "decryptUserData needs {encryptedData, iv, sessionKey}",
    });
  });

  it.each(["sessionKey", "iv", "encryptedData"] as const)("names a missing %s", (field) => {
    for (const value of [undefined, "", 16]) {
      expect(inputError({ ...good, [field]: value })).toMatchObject({
        field,
        message: `${field} must be a non-empty string`,
      });
    }
  });
});

describe("removePkcs7Padding", () => {
  const block = (fill: number, tail: number[]) =>
    Buffer.concat([Buffer.alloc(16 - tail.length, fill), Buffer.from(tail)]);

  it.each([1, 2, 8, 15, 16])("removes %i padding bytes", (n) => {
    const plain = removePkcs7Padding(
      Buffer.concat([Buffer.alloc(16, 0x41), block(0x41, Array(n).fill(n))]),
    );
    expect(plain).toEqual(Buffer.alloc(32 - n, 0x41));
  });

  it.each([
    ["a zero pad byte", block(0x41, [0])],
    ["a pad byte above 16", block(0x41, [17])],
    ["a pad byte of 0xff", block(0x41, [0xff])],
    ["unequal pad bytes", block(0x41, [3, 2, 3])],
    ["a pad byte reaching outside the padding", block(0x41, [4, 4, 4])],
  ])("refuses %s", (_label, padded) => {
    expect(removePkcs7Padding(padded)).toBeUndefined();
  });

  it("checks all 16 bytes of a whole block of padding", () => {
    const wrongFirst = Buffer.concat([Buffer.alloc(16, 0x41), block(15, Array(15).fill(16))]);
    expect(removePkcs7Padding(wrongFirst)).toBeUndefined();
  });

  it("refuses a pad byte of 17 even when the whole last block repeats it", () => {
    expect(removePkcs7Padding(Buffer.concat([Buffer.alloc(16, 0x41), Buffer.alloc(16, 17)]))).toBe(
      undefined,
    );
  });

  it("refuses an empty or partial block", () => {
    expect(removePkcs7Padding(Buffer.alloc(0))).toBeUndefined();
    expect(removePkcs7Padding(Buffer.alloc(15, 1))).toBeUndefined();
  });
});
