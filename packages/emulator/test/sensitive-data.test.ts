// The platform's side of sensitive data on its own: known answers for the signature and the
// session-key AES (so the emulator keeps producing what real clients verify and decrypt), the
// app-key RSA read back with the test's own PKCS#1 v1.5, and the encrypting routes at the paths
// the platform documents (an emulator built inside the test, so a broken start fails it).
import { describe, expect, it } from "vitest";
import { encryptForApp, encryptWithSessionKey, sha1Hex } from "../src/crypto/sensitive-data.ts";
import { buildEmulator, DEFAULT_APP, DEFAULT_APP_KEYS } from "../src/index.ts";
import { decryptPkcs1, decryptWithSessionKey } from "./support/decrypt.ts";

describe("sha1Hex", () => {
  it("hashes the UTF-8 bytes: known answers", () => {
    expect(sha1Hex("")).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(sha1Hex("abc")).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(sha1Hex("签名 rawDataabc")).toBe("2a701009e6b846f7bcaf5a7b154f6e8d47824f3c");
  });
});

describe("encryptWithSessionKey", () => {
  const sessionKey = Buffer.alloc(16, 3).toString("base64");
  const iv = Buffer.alloc(16, 9);

  it("is AES-128-CBC under the decoded key with PKCS#7 padding: a known answer", () => {
    const encrypted = encryptWithSessionKey(sessionKey, iv, '{"nickName":"小明"}');
    expect(encrypted).toBe("Wy5ax1rzlYHT7AJLChIYpIpaDovtwSX6jPPdMAn1YMY=");
    expect(decryptWithSessionKey(sessionKey, iv.toString("base64"), encrypted)).toEqual({
      nickName: "小明",
    });
  });

  it("pads a whole block with a further block", () => {
    const encrypted = encryptWithSessionKey(sessionKey, iv, JSON.stringify("x".repeat(14)));
    expect(Buffer.from(encrypted, "base64")).toHaveLength(32);
  });
});

describe("encryptForApp", () => {
  it("is RSA PKCS#1 v1.5 for the app's key, different on every call", () => {
    const plaintext = JSON.stringify({
      phoneNumber: "13800138000",
      countryCode: "86",
      note: "手机",
    });
    const first = encryptForApp(DEFAULT_APP_KEYS.publicKey, plaintext);
    const second = encryptForApp(DEFAULT_APP_KEYS.publicKey, plaintext);
    expect(first).not.toBe(second);
    expect(Buffer.from(first, "base64")).toHaveLength(256);
    expect(decryptPkcs1(DEFAULT_APP_KEYS.privateKey, first)).toEqual(JSON.parse(plaintext));
    expect(decryptPkcs1(DEFAULT_APP_KEYS.privateKey, second)).toEqual(JSON.parse(plaintext));
  });
});

describe("the encrypting routes", () => {
  it("are served at the documented paths", async () => {
    const app = buildEmulator({ seed: "sensitive-routes" });
    try {
      const post = async (url: string, payload: object, headers: Record<string, string> = {}) =>
        (await app.inject({ method: "POST", url, payload, headers })).json();
      await post("/device/login", { user: "alice" });
      expect(await post("/device/user-profile", { user: "alice" })).toMatchObject({
        errMsg: "getUserProfile:ok",
      });
      expect(
        await post("/device/phone-number", { user: "alice", flow: "encrypted" }),
      ).toMatchObject({ errMsg: "getPhoneNumber:ok" });
      const { code } = await post("/device/phone-number", { user: "alice", flow: "code" });
      const token = await post("/oauth/client_token/", {
        client_key: DEFAULT_APP.appid,
        client_secret: DEFAULT_APP.secret,
        grant_type: "client_credential",
      });
      const phone = await post(
        "/api/apps/v1/get_phonenumber_info/",
        { code },
        { "access-token": token.data.access_token },
      );
      expect(phone).toMatchObject({ err_no: 0, data: expect.any(String) });
      expect(decryptPkcs1(DEFAULT_APP_KEYS.privateKey, phone.data)).toMatchObject({
        watermark: { appid: DEFAULT_APP.appid },
      });
    } finally {
      await app.close();
    }
  });
});
