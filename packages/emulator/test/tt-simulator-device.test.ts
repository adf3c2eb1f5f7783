/**
 * The tt simulator's user-data APIs over real HTTP against the emulator's device endpoints:
 * getUserProfile/getUserInfo, the getPhoneNumber button's detail, getSystemInfo, getLocation,
 * chooseAddress, authorize/getSetting/openSetting and requestSubscribeMessage.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_APP,
  DEFAULT_APP_KEYS,
  DEFAULT_APP_TEMPLATES,
  type RunningEmulator,
  startEmulator,
} from "../src/index.ts";
import {
  AUTH_DENY_ERRNO,
  CHOOSE_ADDRESS_CANCEL_CODE,
  type CreateTtOptions,
  createTt,
  defaultSystemInfo,
  loadMiniProgram,
  type MiniProgram,
} from "../src/tt-simulator/index.ts";
import { decryptPkcs1, decryptWithSessionKey, sha1Hex } from "./support/decrypt.ts";
import { settle } from "./support/program.ts";

const inTap = { inTap: true };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "tt-simulator-device" });
});
afterAll(() => emulator.close());
beforeEach(() => fetch(`${emulator.url}/emulator/reset`, { method: "POST" }));

// biome-ignore lint/suspicious/noExplicitAny: emulator answers are read as JSON
async function emulatorGet(path: string): Promise<any> {
  return (await fetch(`${emulator.url}${path}`)).json();
}
const sessionKeyOf = async (user: string) =>
  (await emulatorGet(`/emulator/session?user=${user}&appid=${DEFAULT_APP.appid}`))
    .sessionKey as string;
const deviceCalls = async (path: string) =>
  ((await emulatorGet("/emulator/stats")).calls[path] as number | undefined) ?? 0;

const newTt = (user: string, options: Partial<CreateTtOptions> = {}) =>
  createTt({ emulatorUrl: emulator.url, user, ...options });

/** A tt after one tt.login (force false: a persona not logged in to Douyin stays so). */
async function loggedIn(user: string, options: Partial<CreateTtOptions> = {}) {
  const tt = newTt(user, options);
  expect((await settle(tt, "login", { force: false })).kind).toBe("success");
  return tt;
}

describe("tt.getUserProfile", () => {
  it("works only inside a tap, with Douyin's errMsg, and asks the emulator nothing otherwise", async () => {
    const tt = await loggedIn("profile-outside");
    const outcome = await settle(tt, "getUserProfile");
    expect(outcome).toEqual({
      kind: "fail",
      result: { errMsg: "getUserProfile:fail must be invoked by user tap gesture" },
    });
    expect(await deviceCalls("/device/user-profile")).toBe(0);
  });

  it("answers the signed, encrypted profile under the current session key", async () => {
    const tt = await loggedIn("profile-alice");
    const { kind, result } = await settle(tt, "getUserProfile", { force: false }, inTap);

    expect(kind).toBe("success");
    expect(result).toEqual({
      errMsg: "getUserProfile:ok",
      userInfo: expect.objectContaining({ nickName: expect.any(String), city: expect.any(String) }),
      rawData: JSON.stringify(result.userInfo),
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
      encryptedData: expect.any(String),
      iv: expect.any(String),
    });
    const sessionKey = await sessionKeyOf("profile-alice");
    expect(result.signature).toBe(sha1Hex(result.rawData + sessionKey));
    expect(decryptWithSessionKey(sessionKey, result.iv, result.encryptedData)).toMatchObject(
      result.userInfo,
    );
    expect(tt.$sim.ui).toEqual([{ type: "consent", api: "getUserProfile", allowed: true }]);
  });

  it("counts only the synchronous part of a tap: after an await it fails", async () => {
    const tt = await loggedIn("profile-await");
    const late = await tt.$sim.gesture.run(async () => {
      await Promise.resolve();
      return settle(tt, "getUserProfile");
    });
    expect(late.result.errMsg).toBe("getUserProfile:fail must be invoked by user tap gesture");
    expect(tt.$sim.gesture.active).toBe(false);
  });

  it("fails with auth deny when the user refuses the dialog", async () => {
    const tt = await loggedIn("profile-deny", { answers: { userProfile: false } });
    const outcome = await settle(tt, "getUserProfile", {}, inTap);
    expect(outcome.result).toEqual({
      errMsg: "getUserProfile:fail auth deny",
      errNo: AUTH_DENY_ERRNO,
    });
    expect(tt.$sim.ui).toEqual([{ type: "consent", api: "getUserProfile", allowed: false }]);
  });

  it("hands over the emulator's failure before any tt.login: not login, errNo 10100", async () => {
    const tt = newTt("profile-no-login");
    const outcome = await settle(tt, "getUserProfile", {}, inTap);
    expect(outcome.result).toEqual({ errMsg: "getUserProfile:fail not login", errNo: 10_100 });
  });

  it("needs a Douyin login: a guest fails, unless force lets them log in", async () => {
    const tt = await loggedIn("profile-guest", { loggedIn: false });
    expect((await settle(tt, "getUserProfile", {}, inTap)).result.errMsg).toBe(
      "getUserProfile:fail not login",
    );
    const forced = await settle(tt, "getUserProfile", { force: true }, inTap);
    expect(forced.kind).toBe("success");
    expect(tt.$sim.persona.loggedIn).toBe(true);
  });
});

describe("tt.getUserInfo (being retired)", () => {
  it("needs no tap, asks for scope.userInfo once, and answers the same profile", async () => {
    const tt = await loggedIn("info-bob");
    const first = await settle(tt, "getUserInfo");
    expect(first.kind).toBe("success");
    expect(first.result).toMatchObject({
      errMsg: "getUserInfo:ok",
      rawData: JSON.stringify(first.result.userInfo),
      signature: sha1Hex(first.result.rawData + (await sessionKeyOf("info-bob"))),
    });
    const plain = await settle(tt, "getUserInfo", { withCredentials: false });
    expect(Object.keys(plain.result).sort()).toEqual(["errMsg", "rawData", "userInfo"]);
    expect(tt.$sim.ui).toEqual([{ type: "authorize", scope: "scope.userInfo", allowed: true }]);
  });

  it("fails with auth deny when scope.userInfo is refused", async () => {
    const tt = await loggedIn("info-deny", { authSetting: { "scope.userInfo": false } });
    const outcome = await settle(tt, "getUserInfo");
    expect(outcome.result).toEqual({
      errMsg: "getUserInfo:fail auth deny",
      errNo: AUTH_DENY_ERRNO,
    });
    expect(tt.$sim.ui).toEqual([]);
  });
});

describe("the getPhoneNumber button's detail", () => {
  it("old flow: encryptedData and iv under the session key, with the persona's number", async () => {
    const tt = await loggedIn("phone-encrypted");
    const detail = await tt.$sim.phoneNumberDetail({ flow: "encrypted" });
    expect(detail).toEqual({
      errMsg: "getPhoneNumber:ok",
      encryptedData: expect.any(String),
      iv: expect.any(String),
    });
    const { encryptedData, iv } = detail as { encryptedData: string; iv: string };
    const phone = decryptWithSessionKey(await sessionKeyOf("phone-encrypted"), iv, encryptedData);
    expect(phone).toMatchObject({
      phoneNumber: expect.any(String),
      purePhoneNumber: expect.any(String),
      watermark: { appid: DEFAULT_APP.appid },
    });
  });

  it("new flow: a code the server exchanges for the number; the default flow is the answer's", async () => {
    const tt = await loggedIn("phone-code", { answers: { phoneNumberFlow: "code" } });
    const detail = (await tt.$sim.phoneNumberDetail()) as { code: string; errMsg: string };
    expect(detail).toEqual({ errMsg: "getPhoneNumber:ok", code: expect.any(String) });

    const token = await fetch(`${emulator.url}/oauth/client_token/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_key: DEFAULT_APP.appid,
        client_secret: DEFAULT_APP.secret,
        grant_type: "client_credential",
      }),
    }).then((response) => response.json() as Promise<{ data: { access_token: string } }>);
    const info = await fetch(`${emulator.url}/api/apps/v1/get_phonenumber_info/`, {
      method: "POST",
      headers: { "content-type": "application/json", "access-token": token.data.access_token },
      body: JSON.stringify({ code: detail.code }),
    }).then((response) => response.json() as Promise<{ err_no: number; data: string }>);
    expect(info.err_no).toBe(0);
    expect(decryptPkcs1(DEFAULT_APP_KEYS.privateKey, info.data)).toMatchObject({
      phoneNumber: expect.any(String),
    });
  });

  it("says auth deny when the user refuses, and not login before tt.login", async () => {
    const tt = await loggedIn("phone-deny");
    expect(await tt.$sim.phoneNumberDetail({ allow: false })).toEqual({
      errMsg: "getPhoneNumber:fail auth deny",
      errNo: AUTH_DENY_ERRNO,
    });
    expect(tt.$sim.ui).toEqual([{ type: "consent", api: "getPhoneNumber", allowed: false }]);
    expect(await newTt("phone-no-login").$sim.phoneNumberDetail()).toEqual({
      errMsg: "getPhoneNumber:fail not login",
      errNo: 10_100,
    });
  });
});

describe("tt.getSystemInfo", () => {
  it("answers the persona's phone from the emulator; the sync variant follows once loaded", async () => {
    const tt = newTt("system-carol", { systemInfo: { appName: "Douyin_Lite" } });
    const fromEmulator = await emulatorGet("/device/system-info?user=system-carol");
    const { errMsg: _ignored, ...expected } = fromEmulator;

    expect(tt.getSystemInfoSync()).toEqual({ ...defaultSystemInfo, appName: "Douyin_Lite" });
    const outcome = await settle(tt, "getSystemInfo");
    expect(outcome.result).toEqual({
      ...expected,
      appName: "Douyin_Lite",
      errMsg: "getSystemInfo:ok",
    });
    expect(tt.getSystemInfoSync()).toEqual({ ...expected, appName: "Douyin_Lite" });

    tt.$sim.persona.user = "system-dave";
    expect(tt.getSystemInfoSync().model).toBe(defaultSystemInfo.model);
    const dave = await tt.$sim.loadSystemInfo();
    const { errMsg: _also, ...daveExpected } = await emulatorGet(
      "/device/system-info?user=system-dave",
    );
    expect(dave).toEqual({ ...daveExpected, appName: "Douyin_Lite" });
  });
});

describe("tt.getLocation and scope.userLocation", () => {
  it("asks once, then answers the emulator's location in the requested coordinates", async () => {
    const tt = newTt("location-erin");
    const wgs84 = await settle(tt, "getLocation", { type: "wgs84" });
    const gcj02 = await settle(tt, "getLocation", { type: "gcj02" });
    expect(wgs84.result).toEqual({
      ...(await emulatorGet("/device/location?user=location-erin&type=wgs84")),
      errMsg: "getLocation:ok",
    });
    expect(gcj02.result).toMatchObject(
      await emulatorGet("/device/location?user=location-erin&type=gcj02"),
    );
    expect(gcj02.result.latitude).not.toBe(wgs84.result.latitude);
    expect(tt.$sim.ui).toEqual([{ type: "authorize", scope: "scope.userLocation", allowed: true }]);
    expect(tt.$sim.authSetting).toEqual({ "scope.userLocation": true });
  });

  it("fails with auth deny when refused, does not ask again, and works after openSetting", async () => {
    const tt = newTt("location-deny", { answers: { authorize: { "scope.userLocation": false } } });
    const refused = await settle(tt, "getLocation");
    expect(refused.result).toEqual({
      errMsg: "getLocation:fail auth deny",
      errNo: AUTH_DENY_ERRNO,
    });
    tt.$sim.answers.authorize["scope.userLocation"] = true; // would allow now, but is not asked
    expect((await settle(tt, "getLocation")).result.errMsg).toBe("getLocation:fail auth deny");
    expect(tt.$sim.ui.filter((event) => event.type === "authorize")).toHaveLength(1);

    tt.$sim.answers.openSetting = { "scope.userLocation": true };
    const settings = await settle(tt, "openSetting");
    expect(settings.result).toEqual({
      errMsg: "openSetting:ok",
      authSetting: { "scope.userLocation": true },
    });
    expect((await settle(tt, "getLocation")).kind).toBe("success");
  });

  it("passes on the emulator's refusal of a bad type", async () => {
    const outcome = await settle(newTt("location-bad"), "getLocation", { type: "bd09" });
    expect(outcome.result.errMsg).toBe('getLocation:fail type must be "wgs84" or "gcj02"');
  });
});

describe("tt.chooseAddress and scope.address", () => {
  it("answers the persona's address", async () => {
    const tt = newTt("address-fay");
    const outcome = await settle(tt, "chooseAddress");
    expect(outcome.result).toEqual({
      ...(await emulatorGet("/device/address?user=address-fay")),
      errMsg: "chooseAddress:ok",
    });
    expect(tt.$sim.authSetting).toEqual({ "scope.address": true });
  });

  it("fails with cancel (errNo 103995) when the user closes the picker, auth deny when refused", async () => {
    const cancelled = await settle(
      newTt("address-cancel", { answers: { chooseAddress: "cancel" } }),
      "chooseAddress",
    );
    expect(cancelled.result).toEqual({
      errMsg: "chooseAddress:fail cancel",
      errNo: CHOOSE_ADDRESS_CANCEL_CODE,
    });
    const refused = await settle(
      newTt("address-deny", { authSetting: { "scope.address": false } }),
      "chooseAddress",
    );
    expect(refused.result.errMsg).toBe("chooseAddress:fail auth deny");
  });
});

describe("tt.authorize, tt.getSetting, tt.openSetting", () => {
  it("grants by default and reports the scopes asked so far", async () => {
    const tt = newTt("settings-gil");
    expect((await settle(tt, "getSetting")).result).toEqual({
      errMsg: "getSetting:ok",
      authSetting: {},
    });
    const granted = await settle(tt, "authorize", { scope: "scope.userLocation" });
    expect(granted.result).toEqual({
      errMsg: "authorize:ok",
      data: { "scope.userLocation": "ok" },
    });
    // Granted before: no popup the second time.
    await settle(tt, "authorize", { scope: "scope.userLocation" });
    expect(tt.$sim.ui).toHaveLength(1);
    expect((await settle(tt, "getSetting")).result.authSetting).toEqual({
      "scope.userLocation": true,
    });
  });

  it("fails with auth deny when the user refuses or refused before, invalid scope for nonsense", async () => {
    const tt = newTt("settings-hal", { answers: { authorize: { "scope.address": false } } });
    const refused = await settle(tt, "authorize", { scope: "scope.address" });
    expect(refused.result).toEqual({ errMsg: "authorize:fail auth deny", errNo: AUTH_DENY_ERRNO });
    expect((await settle(tt, "getSetting")).result.authSetting).toEqual({ "scope.address": false });
    const invalid = await settle(tt, "authorize", { scope: "location" });
    expect(invalid.result.errMsg).toBe("authorize:fail invalid scope");
  });
});

describe("tt.requestSubscribeMessage", () => {
  const [oneTimeA, oneTimeB, longTerm] = DEFAULT_APP_TEMPLATES.map(
    (template) => template.templateId,
  ) as [string, string, string];

  it("works only inside a tap", async () => {
    const outcome = await settle(newTt("subscribe-outside"), "requestSubscribeMessage", {
      tmplIds: [oneTimeA],
    });
    expect(outcome.result.errMsg).toBe(
      "requestSubscribeMessage:fail must be invoked by user tap gesture",
    );
    expect(await deviceCalls("/device/subscribe")).toBe(0);
  });

  it("answers the v2 shape; the user accepts everything by default", async () => {
    const outcome = await settle(
      newTt("subscribe-ivy"),
      "requestSubscribeMessage",
      { tmplIds: [oneTimeA, oneTimeB] },
      inTap,
    );
    expect(outcome.kind).toBe("success");
    expect(outcome.result.errMsg).toBe("requestSubscribeMessage:ok");
    expect(outcome.result.templateSettings).toEqual({
      [oneTimeA]: expect.objectContaining({ status: "accept", alwaysSubscribe: false }),
      [oneTimeB]: expect.objectContaining({ status: "accept" }),
    });
  });

  it("applies the preset decisions and shape, ignoring decisions for ids not asked", async () => {
    const tt = newTt("subscribe-jo", {
      answers: {
        subscribe: { decisions: { [oneTimeB]: "reject", [longTerm]: "ban" }, shape: "legacy" },
      },
    });
    const outcome = await settle(
      tt,
      "requestSubscribeMessage",
      { tmplIds: [oneTimeA, oneTimeB] },
      inTap,
    );
    expect(outcome.result).toEqual({
      errMsg: "requestSubscribeMessage:ok",
      [oneTimeA]: "accept",
      [oneTimeB]: "reject",
      itemSettings: { [oneTimeA]: "accept", [oneTimeB]: "reject" },
    });
  });

  it("fails with the emulator's errNo for too many, unknown and mixed templates", async () => {
    const tt = newTt("subscribe-kim");
    const request = (tmplIds: string[]) =>
      settle(tt, "requestSubscribeMessage", { tmplIds }, inTap);
    expect((await request([oneTimeA, oneTimeB, longTerm, "MSG9"])).result.errNo).toBe(1003);
    expect((await request(["MSG_unknown"])).result).toEqual({
      errMsg: "requestSubscribeMessage:fail unknown template MSG_unknown",
      errNo: 1004,
    });
    expect((await request([oneTimeA, longTerm])).result.errNo).toBe(1002);
  });
});

describe("in a page: taps are gestures, and the getPhoneNumber button", () => {
  /** A program whose page calls the tap-only APIs from handlers, hooks and after an await. */
  const files: Record<string, string> = {
    "app.json": JSON.stringify({ pages: ["pages/me/me"] }),
    "app.js": "App({});",
    "pages/me/me.js": `Page({
  data: { results: [], ids: [], a: 1, b: 2 },
  record(label, result) { this.setData({ results: this.data.results.concat([label + " " + result.errMsg]) }); },
  profile(label) {
    tt.getUserProfile({ success: (r) => this.record(label, r), fail: (r) => this.record(label, r) });
  },
  onLoad() { this.profile("onLoad"); },
  onProfile() { this.profile("tap"); },
  async onProfileAfterAwait() {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.profile("after-await");
  },
  onInput() { this.profile("input"); },
  onLongPress() { this.profile("longpress"); },
  onSubscribe(event) {
    tt.requestSubscribeMessage({
      tmplIds: event.currentTarget.dataset.ids,
      success: (r) => this.record("subscribe", r),
      fail: (r) => this.record("subscribe", r),
    });
  },
  onGetPhoneNumber(event) { this.setData({ phone: event.detail }); },
  onNotAButton() {},
});`,
    "pages/me/me.ttml": `<view>
  <!-- <button bindgetphonenumber="onCommentedOut">not a real element</button> -->
  <button bindtap="onProfile">profile</button>
  <button bindtap="onProfileAfterAwait">profile after await</button>
  <input bindinput="onInput" />
  <view bindlongpress="onLongPress">hold</view>
  <button bindtap="onSubscribe" data-ids="{{ids}}">subscribe</button>
  <button class="{{a > b ? 'x' : 'y'}}" open-type="getPhoneNumber" bindgetphonenumber="onGetPhoneNumber">phone</button>
  <view bindgetphonenumber="onNotAButton">no open-type</view>
</view>`,
  };
  let root: string;
  let program: MiniProgram | undefined;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "tt-simulator-device-"));
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), content);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => {
    program?.close();
    program = undefined;
  });

  async function openPage(user: string, options: Partial<CreateTtOptions> = {}) {
    const tt = await loggedIn(user, options);
    program = loadMiniProgram(root, { tt });
    program.launch();
    return { tt, page: program.openPage("pages/me/me") };
  }
  const results = (count: number) => (data: Record<string, unknown>) =>
    (data.results as string[]).length >= count;

  it("lets tap and longpress handlers call getUserProfile, not hooks, input or code after an await", async () => {
    const { page } = await openPage("page-lee");
    await page.tap("onProfile");
    await page.trigger("longpress", "onLongPress");
    await page.trigger("input", "onInput", { detail: { value: "x" } });
    await page.tap("onProfileAfterAwait");
    const data = await page.waitFor(results(5));
    const notInTap = "getUserProfile:fail must be invoked by user tap gesture";
    expect([...data.results].sort()).toEqual(
      [
        `after-await ${notInTap}`,
        `input ${notInTap}`,
        "longpress getUserProfile:ok",
        `onLoad ${notInTap}`,
        "tap getUserProfile:ok",
      ].sort(),
    );
  });

  it("lets a tap handler subscribe", async () => {
    const { page } = await openPage("page-mo");
    const ids = [DEFAULT_APP_TEMPLATES[0]?.templateId];
    await page.tap("onSubscribe", { ids });
    const data = await page.waitFor(results(2));
    expect(data.results).toContain("subscribe requestSubscribeMessage:ok");
  });

  it("tapPhoneButton hands the emulator's detail to the bound handler, in either flow", async () => {
    const { tt, page } = await openPage("page-ned");
    const encrypted = await page.tapPhoneButton("onGetPhoneNumber", { flow: "encrypted" });
    expect(page.data.phone).toEqual(encrypted);
    expect(encrypted).toMatchObject({ errMsg: "getPhoneNumber:ok", iv: expect.any(String) });

    tt.$sim.answers.phoneNumberFlow = "code";
    const code = await page.tapPhoneButton("onGetPhoneNumber");
    expect(page.data.phone).toEqual({ errMsg: "getPhoneNumber:ok", code: expect.any(String) });
    expect(code).toEqual(page.data.phone);

    await page.tapPhoneButton("onGetPhoneNumber", { allow: false });
    expect(page.data.phone).toEqual({
      errMsg: "getPhoneNumber:fail auth deny",
      errNo: AUTH_DENY_ERRNO,
    });
  });

  it("tapPhoneButton refuses handlers without a getPhoneNumber button", async () => {
    const { page } = await openPage("page-ola");
    await expect(page.tapPhoneButton("onNotAButton")).rejects.toThrow(
      /needs open-type="getPhoneNumber" \(has null\)/,
    );
    await expect(page.tapPhoneButton("onCommentedOut")).rejects.toThrow(
      /nothing on screen binds getphonenumber to "onCommentedOut" \(on screen, getphonenumber: onGetPhoneNumber, onNotAButton\)/,
    );
  });
});
