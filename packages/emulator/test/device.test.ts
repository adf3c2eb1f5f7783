import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_APP,
  DEFAULT_APP_KEYS,
  PHONE_CODE_TTL_MS,
  type RunningEmulator,
  SECOND_APP,
  SECOND_APP_KEYS,
  startEmulator,
} from "../src/index.ts";
import { decryptPkcs1, decryptWithSessionKey, sha1Hex } from "./support/decrypt.ts";
import { advance, clientToken, deviceLogin, get, openPost, post } from "./support/http.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "device-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

const PHONE_INFO = "/api/apps/v1/get_phonenumber_info/";
const sessionKeyOf = async (user: string, appid = DEFAULT_APP.appid) =>
  (await get(emulator.url, `/emulator/session?user=${user}&appid=${appid}`)).json.sessionKey;

describe("POST /device/user-profile", () => {
  it("answers getUserProfile's object: signed raw data, encrypted under the session key", async () => {
    await deviceLogin(emulator.url, { user: "alice" });
    const answer = await post(emulator.url, "/device/user-profile", { user: "alice" });
    expect(answer.status).toBe(200);
    const profile = answer.json;
    expect(profile).toEqual({
      userInfo: {
        nickName: expect.any(String),
        avatarUrl: expect.stringMatching(/^https:\/\/p3-passport\.byteacctimg\.com\/img\//),
        gender: expect.any(Number),
        city: expect.any(String),
        province: expect.any(String),
        country: "中国",
        language: "zh_CN",
      },
      rawData: JSON.stringify(profile.userInfo),
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
      encryptedData: expect.any(String),
      iv: expect.any(String),
      errMsg: "getUserProfile:ok",
    });
    expect([0, 1, 2]).toContain(profile.userInfo.gender);
    expect(profile.userInfo.nickName).toMatch(/\p{Script=Han}/u);

    const sessionKey = await sessionKeyOf("alice");
    expect(profile.signature).toBe(sha1Hex(profile.rawData + sessionKey));
    expect(Buffer.from(profile.iv, "base64")).toHaveLength(16);
    const { now } = (await get(emulator.url, "/emulator/clock")).json;
    const decrypted = decryptWithSessionKey(sessionKey, profile.iv, profile.encryptedData);
    expect(decrypted).toEqual({
      ...profile.userInfo,
      watermark: { appid: DEFAULT_APP.appid, timestamp: expect.any(Number) },
    });
    expect(Math.abs(decrypted.watermark.timestamp - now / 1000)).toBeLessThan(5);
    expect(decrypted).not.toHaveProperty("openId");
    expect(decrypted).not.toHaveProperty("unionId");
  });

  it("keeps the profile per persona and breaks with a rotated session key", async () => {
    await deviceLogin(emulator.url, { user: "bob" });
    const first = (await post(emulator.url, "/device/user-profile", { user: "bob" })).json;
    const oldKey = await sessionKeyOf("bob");
    await deviceLogin(emulator.url, { user: "bob" });
    const second = (await post(emulator.url, "/device/user-profile", { user: "bob" })).json;
    expect(second.userInfo).toEqual(first.userInfo);
    expect(second.iv).not.toBe(first.iv);
    expect(second.signature).not.toBe(sha1Hex(second.rawData + oldKey));
    expect(() => decryptWithSessionKey(oldKey, second.iv, second.encryptedData)).toThrow();
  });

  it("answers getUserInfo's errMsg on request", async () => {
    await deviceLogin(emulator.url);
    const answer = await post(emulator.url, "/device/user-profile", { api: "getUserInfo" });
    expect(answer.json.errMsg).toBe("getUserInfo:ok");
  });

  it("serves another app's profile, watermarked and keyed for that app", async () => {
    await deviceLogin(emulator.url, { user: "bob", appid: SECOND_APP.appid });
    const answer = await post(emulator.url, "/device/user-profile", {
      appid: SECOND_APP.appid,
      user: "bob",
    });
    expect(answer.status, answer.text).toBe(200);
    const sessionKey = await sessionKeyOf("bob", SECOND_APP.appid);
    const decrypted = decryptWithSessionKey(sessionKey, answer.json.iv, answer.json.encryptedData);
    expect(decrypted.watermark.appid).toBe(SECOND_APP.appid);
    expect(answer.json.signature).toBe(sha1Hex(answer.json.rawData + sessionKey));
  });

  it("refuses an unknown api or field with 400 bad_request", async () => {
    await deviceLogin(emulator.url, { user: "alice" });
    for (const api of ["getUserFoo", "getPhoneNumber", 42, ["getUserInfo"]]) {
      const answer = await post(emulator.url, "/device/user-profile", { user: "alice", api });
      expect(answer.status, JSON.stringify(api)).toBe(400);
      expect(answer.json).toEqual({
        error: "bad_request",
        message: "api must be one of getUserProfile, getUserInfo",
      });
    }
    const extra = await post(emulator.url, "/device/user-profile", { user: "alice", flow: "x" });
    expect(extra.status).toBe(400);
    expect(extra.json).toEqual({
      error: "bad_request",
      message: "unknown field(s): flow; allowed: appid, user, api",
    });
  });

  it("answers an injected errNo as getUserProfile's failure", async () => {
    await post(emulator.url, "/emulator/faults", {
      path: "/device/user-profile",
      errNo: 7,
      times: 1,
    });
    const answer = await post(emulator.url, "/device/user-profile", { user: "alice" });
    expect(answer.json).toEqual({
      errNo: 7,
      errMsg: expect.stringMatching(/^getUserProfile:fail /),
    });
  });

  it("fails like the phone before any tt.login", async () => {
    const answer = await post(emulator.url, "/device/user-profile", { user: "nobody" });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      errNo: expect.any(Number),
      errMsg: "getUserProfile:fail not login",
    });
  });
});

describe("POST /device/phone-number", () => {
  it("encrypted flow: the phone JSON under the session key", async () => {
    await deviceLogin(emulator.url, { user: "carol" });
    const answer = await post(emulator.url, "/device/phone-number", {
      user: "carol",
      flow: "encrypted",
    });
    expect(answer.json).toEqual({
      encryptedData: expect.any(String),
      iv: expect.any(String),
      errMsg: "getPhoneNumber:ok",
    });
    const phone = decryptWithSessionKey(
      await sessionKeyOf("carol"),
      answer.json.iv,
      answer.json.encryptedData,
    );
    expect(phone).toEqual({
      phoneNumber: expect.stringMatching(/^138\d{8}$/),
      purePhoneNumber: phone.phoneNumber,
      countryCode: "86",
      watermark: { appid: DEFAULT_APP.appid, timestamp: expect.any(Number) },
    });
  });

  it("code flow: get_phonenumber_info answers RSA PKCS#1 v1.5 for the app's public key", async () => {
    await deviceLogin(emulator.url, { user: "carol" });
    const { code, errMsg } = (
      await post(emulator.url, "/device/phone-number", { user: "carol", flow: "code" })
    ).json;
    expect(errMsg).toBe("getPhoneNumber:ok");
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const answer = await openPost(emulator.url, PHONE_INFO, token, { code });
    expect(answer.json).toEqual({
      err_no: 0,
      err_msg: "",
      log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
      data: expect.any(String),
    });
    expect(Buffer.from(answer.json.data, "base64")).toHaveLength(256);
    const phone = decryptPkcs1(DEFAULT_APP_KEYS.privateKey, answer.json.data);
    expect(phone).toMatchObject({
      phoneNumber: expect.stringMatching(/^138\d{8}$/),
      countryCode: "86",
      watermark: { appid: DEFAULT_APP.appid },
    });

    // The same person has the same number in both flows.
    const encrypted = (
      await post(emulator.url, "/device/phone-number", { user: "carol", flow: "encrypted" })
    ).json;
    const old = decryptWithSessionKey(
      await sessionKeyOf("carol"),
      encrypted.iv,
      encrypted.encryptedData,
    );
    expect(old.phoneNumber).toBe(phone.phoneNumber);
  });

  it("codes are single use, last 5 minutes and belong to their app", async () => {
    await deviceLogin(emulator.url, { user: "dan" });
    await deviceLogin(emulator.url, { user: "dan", appid: SECOND_APP.appid });
    const codeOf = async (appid = DEFAULT_APP.appid) =>
      (await post(emulator.url, "/device/phone-number", { appid, user: "dan", flow: "code" })).json
        .code;
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const redeem = async (code: string, with_ = token) =>
      (await openPost(emulator.url, PHONE_INFO, with_, { code })).json;

    const once = await codeOf();
    expect((await redeem(once)).err_no).toBe(0);
    expect(await redeem(once)).toMatchObject({ err_no: 28001007, data: null });

    const late = await codeOf();
    const onTime = await codeOf();
    await advance(emulator.url, PHONE_CODE_TTL_MS - 1000);
    expect((await redeem(onTime)).err_no).toBe(0);
    await advance(emulator.url, 1000);
    expect((await redeem(late)).err_no).toBe(28001007);

    const other = await codeOf(SECOND_APP.appid);
    expect((await redeem(other)).err_no).toBe(28001007);
    const secondToken = await clientToken(emulator.url, SECOND_APP);
    const right = await redeem(await codeOf(SECOND_APP.appid), secondToken);
    expect(decryptPkcs1(SECOND_APP_KEYS.privateKey, right.data).watermark.appid).toBe(
      SECOND_APP.appid,
    );
    expect((await redeem("")).err_no).toBe(28001007);
  });

  it("refuses a missing or bad flow, and a persona that never logged in", async () => {
    await deviceLogin(emulator.url, { user: "dan" });
    for (const body of [{ user: "dan" }, { user: "dan", flow: "sms" }, { user: "dan", flow: 1 }]) {
      const answer = await post(emulator.url, "/device/phone-number", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json).toEqual({
        error: "bad_request",
        message: 'flow must be "encrypted" or "code"',
      });
    }
    const extra = await post(emulator.url, "/device/phone-number", {
      user: "dan",
      flow: "code",
      api: "getPhoneNumber",
    });
    expect(extra.json.message).toBe("unknown field(s): api; allowed: appid, user, flow");
    const answer = await post(emulator.url, "/device/phone-number", { user: "eve", flow: "code" });
    expect(answer.status).toBe(400);
    expect(answer.json.errMsg).toBe("getPhoneNumber:fail not login");
  });
});

describe("POST /api/apps/v1/get_phonenumber_info/", () => {
  const open = async (body: unknown) =>
    (await openPost(emulator.url, PHONE_INFO, await clientToken(emulator.url, DEFAULT_APP), body))
      .json;

  it("answers 28001007 'code is required' for a missing, empty, non-string or oversized code", async () => {
    for (const body of [
      {},
      { code: "" },
      { code: 42 },
      { code: ["c"] },
      { code: "c".repeat(1025) },
    ]) {
      expect(await open(body), JSON.stringify(body).slice(0, 40)).toEqual({
        err_no: 28001007,
        err_msg: "code is required",
        log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
        data: null,
      });
    }
  });

  it("answers 28001007 'code is invalid, used or expired' for a code it did not issue, or used", async () => {
    const refused = {
      err_no: 28001007,
      err_msg: "code is invalid, used or expired",
      log_id: expect.any(String),
      data: null,
    };
    expect(await open({ code: "c".repeat(1024) })).toEqual(refused);
    await deviceLogin(emulator.url, { user: "erin" });
    const { code } = (
      await post(emulator.url, "/device/phone-number", { user: "erin", flow: "code" })
    ).json;
    expect((await open({ code })).err_no).toBe(0);
    expect(await open({ code })).toEqual(refused);
  });

  it("answers an injected err_no in the open.douyin.com envelope, and on the device its own", async () => {
    await post(emulator.url, "/emulator/faults", { path: PHONE_INFO, errNo: 28001003, times: 1 });
    expect(await open({ code: "any" })).toEqual({
      err_no: 28001003,
      err_msg: expect.any(String),
      log_id: expect.any(String),
      data: null,
    });
    await post(emulator.url, "/emulator/faults", {
      path: "/device/phone-number",
      errNo: 7,
      times: 1,
    });
    const device = await post(emulator.url, "/device/phone-number", { user: "erin", flow: "code" });
    expect(device.json).toEqual({
      errNo: 7,
      errMsg: expect.stringMatching(/^getPhoneNumber:fail /),
    });
  });
});

describe("GET /device/location, /device/address, /device/system-info", () => {
  it("answer realistic objects, stable per persona", async () => {
    const wgs = (await get(emulator.url, "/device/location?user=frank&type=wgs84")).json;
    expect(wgs).toEqual({
      latitude: expect.any(Number),
      longitude: expect.any(Number),
      altitude: expect.any(Number),
      accuracy: expect.any(Number),
      verticalAccuracy: expect.any(Number),
      horizontalAccuracy: expect.any(Number),
      speed: 0,
      city: expect.stringMatching(/市$/),
      errMsg: "getLocation:ok",
    });
    // Mainland China.
    expect(wgs.latitude).toBeGreaterThan(18);
    expect(wgs.latitude).toBeLessThan(54);
    expect(wgs.longitude).toBeGreaterThan(73);
    expect(wgs.longitude).toBeLessThan(135);
    expect((await get(emulator.url, "/device/location?user=frank")).json).toEqual(wgs);

    const gcj = (await get(emulator.url, "/device/location?user=frank&type=gcj02")).json;
    const shift = Math.hypot(gcj.latitude - wgs.latitude, gcj.longitude - wgs.longitude);
    expect(shift).toBeGreaterThan(0.001);
    expect(shift).toBeLessThan(0.01);

    const address = (await get(emulator.url, "/device/address?user=frank")).json;
    expect(address).toEqual({
      userName: expect.stringMatching(/^\p{Script=Han}{2,3}$/u),
      provinceName: expect.stringMatching(/[省市]$/),
      cityName: wgs.city,
      countyName: expect.stringMatching(/区$/),
      detailInfo: expect.stringMatching(/号\d+室$/),
      telNumber: expect.stringMatching(/^138\d{8}$/),
      errMsg: "chooseAddress:ok",
    });

    const info = (await get(emulator.url, "/device/system-info?user=frank")).json;
    expect(info).toMatchObject({
      appName: "Douyin",
      platform: expect.stringMatching(/^(ios|android)$/),
      language: "zh_CN",
      errMsg: "getSystemInfo:ok",
    });
    expect(info.safeArea.height).toBe(info.safeArea.bottom - info.safeArea.top);
    expect(info.safeArea.top).toBe(info.statusBarHeight);
  });

  it("differ between personas and keep nothing of a reset", async () => {
    const facts = async (user: string) =>
      Promise.all(
        ["/device/location", "/device/address", "/device/system-info"].map(
          async (path) => (await get(emulator.url, `${path}?user=${user}`)).json,
        ),
      );
    const before = await facts("gina");
    await post(emulator.url, "/emulator/reset");
    expect(await facts("gina")).toEqual(before);
    const others = await Promise.all(["h1", "h2", "h3", "h4"].map(facts));
    expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(before))).toBe(true);
  });

  it.each([
    "/device/location?type=bd09",
    "/device/location?user=bad%20name",
    "/device/address?appid=tt_unknown",
    "/device/system-info?extra=1",
  ])("refuse GET %s", async (path) => {
    const answer = await get(emulator.url, path);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("bad_request");
  });
});
