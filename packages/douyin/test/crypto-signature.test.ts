import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { matchesSha1Hex } from "../src/crypto/digest.ts";
import { DouyinInputError, verifyUserInfoSignature } from "../src/index.ts";
import { type Sha1Vectors, vectorJson } from "./vectors/load.ts";

const { userInfo } = vectorJson<Sha1Vectors>("sha1-openssl.json");

describe("verifyUserInfoSignature against an openssl dgst -sha1 vector", () => {
  it("accepts the signature openssl computed (UTF-8 rawData)", () => {
    expect(verifyUserInfoSignature(userInfo)).toBe(true);
  });

  it("accepts upper-case hex", () => {
    expect(
      verifyUserInfoSignature({ ...userInfo, signature: userInfo.signature.toUpperCase() }),
    ).toBe(true);
  });

  it.each([
    ["one changed character", (s: string) => `${s.slice(0, -1)}${s.endsWith("0") ? "1" : "0"}`],
    ["a truncated signature", (s: string) => s.slice(0, -2)],
    ["a longer signature", (s: string) => `${s}00`],
    ["non-hex characters", (s: string) => `${s.slice(0, -1)}g`],
    ["an empty signature", () => ""],
    ["surrounding spaces", (s: string) => ` ${s} `],
    ["a trailing line break", (s: string) => `${s}\n`],
    ["a trailing non-hex character", (s: string) => `${s}g`],
    ["one extra hex digit (41 characters)", (s: string) => `${s}0`],
  ])("refuses %s", (_label, mangle) => {
    expect(verifyUserInfoSignature({ ...userInfo, signature: mangle(userInfo.signature) })).toBe(
      false,
    );
  });

  it("refuses a missing or non-string signature without throwing", () => {
    expect(verifyUserInfoSignature({ ...userInfo, signature: undefined as never })).toBe(false);
    expect(verifyUserInfoSignature({ ...userInfo, signature: 42 as never })).toBe(false);
    // What a query parser makes of a repeated parameter, and a boxed string: neither is a string.
    expect(verifyUserInfoSignature({ ...userInfo, signature: [userInfo.signature] as never })).toBe(
      false,
    );
    const boxed = new String(userInfo.signature);
    expect(verifyUserInfoSignature({ ...userInfo, signature: boxed as never })).toBe(false);
  });

  it("refuses another session key (rotated) and altered rawData", () => {
    expect(verifyUserInfoSignature({ ...userInfo, sessionKey: "AAAAAAAAAAAAAAAAAAAAAA==" })).toBe(
      false,
    );
    expect(
      verifyUserInfoSignature({ ...userInfo, rawData: userInfo.rawData.replace("1", "2") }),
    ).toBe(false);
  });

  it.each([
    ["no input", null],
    ["a missing rawData", { signature: userInfo.signature, sessionKey: userInfo.sessionKey }],
    ["an empty session key", { ...userInfo, sessionKey: "" }],
  ])("throws DouyinInputError for %s", (_label, input) => {
    expect(() => verifyUserInfoSignature(input as never)).toThrow(DouyinInputError);
  });

  it.each([
    [
      "a string input",
      "rawData",
      "input",
      "verifyUserInfoSignature needs {rawData, signature, sessionKey}",
    ],
    ["a numeric rawData", { ...userInfo, rawData: 42 }, "rawData", "rawData must be a string"],
    [
      "a numeric session key",
      { ...userInfo, sessionKey: 42 },
      "sessionKey",
      "sessionKey must be a non-empty string",
    ],
    [
      "an empty session key",
      { ...userInfo, sessionKey: "" },
      "sessionKey",
      "sessionKey must be a non-empty string",
    ],
  ])("names the field at fault for %s", (_label, input, field, message) => {
    let thrown: unknown;
    try {
      verifyUserInfoSignature(input as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinInputError);
    expect(thrown).toMatchObject({ field, message });
  });

  it("signs an empty rawData like any other", () => {
    const signature = createHash("sha1").update(userInfo.sessionKey).digest("hex");
    expect(verifyUserInfoSignature({ ...userInfo, rawData: "", signature })).toBe(true);
  });
});

describe("matchesSha1Hex", () => {
  it("is false, not an exception, for a digest of another length", () => {
    const sha256 = createHash("sha256").update("x").digest();
    expect(matchesSha1Hex(sha256, sha256.subarray(0, 20).toString("hex"))).toBe(false);
  });
});
