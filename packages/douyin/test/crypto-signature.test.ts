import { describe, expect, it } from "vitest";
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
  ])("refuses %s", (_label, mangle) => {
    expect(verifyUserInfoSignature({ ...userInfo, signature: mangle(userInfo.signature) })).toBe(
      false,
    );
  });

  it("refuses a missing or non-string signature without throwing", () => {
    expect(verifyUserInfoSignature({ ...userInfo, signature: undefined as never })).toBe(false);
    expect(verifyUserInfoSignature({ ...userInfo, signature: 42 as never })).toBe(false);
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
});
