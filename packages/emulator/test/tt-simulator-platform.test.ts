/**
 * What the simulated platform refuses or asks, over real HTTP against the emulator: tt.login's
 * `force` and Douyin's login panel, codes real Douyin would give (which the emulator never
 * issued), tt.request's domain check and timeouts, the privacy agreement, and the phone button's
 * platform refusals.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import {
  type CreateTtOptions,
  createTt,
  loadMiniProgram,
  type MiniProgram,
  type SimulatedTt,
} from "../src/tt-simulator/index.ts";
import { clientToken, exchange, get, openPost } from "./support/http.ts";
import { onePage, settle, writeProgram } from "./support/program.ts";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "tt-simulator-platform" });
});
afterAll(() => emulator.close());
beforeEach(() => fetch(`${emulator.url}/emulator/reset`, { method: "POST" }));

const newTt = (user: string, options: Partial<CreateTtOptions> = {}) =>
  createTt({ emulatorUrl: emulator.url, user, ...options });
const deviceCalls = async (path: string) =>
  ((await get(emulator.url, "/emulator/stats")).json.calls[path] as number | undefined) ?? 0;
const credentials = { appid: DEFAULT_APP.appid, secret: DEFAULT_APP.secret };

const cleanups: Array<() => void> = [];
let program: MiniProgram | undefined;
afterEach(() => {
  program?.close();
  program = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});
function load(tt: SimulatedTt, files: Record<string, string>): MiniProgram {
  const { root, remove } = writeProgram(files);
  cleanups.push(remove);
  program = loadMiniProgram(root, { tt });
  program.launch();
  return program;
}

describe("tt.login and force", () => {
  it("force (the default) shows Douyin's login panel to a person not logged in; logging in there gives a code", async () => {
    const tt = newTt("panel-yes", { loggedIn: false });
    const outcome = await settle(tt, "login");
    expect(outcome.result).toMatchObject({ errMsg: "login:ok", isLogin: true });
    expect(outcome.result.code).not.toBe("");
    expect(tt.$sim.persona.loggedIn).toBe(true);
    expect(tt.$sim.ui).toEqual([{ type: "douyinLogin", answer: "login" }]);
    const answer = await exchange(emulator.url, { ...credentials, code: outcome.result.code });
    expect(answer.json.err_no).toBe(0);
  });

  it("cancelling the panel fails with Douyin's errMsg and errorCode, and asks the emulator nothing", async () => {
    const tt = newTt("panel-no", { loggedIn: false, answers: { douyinLogin: "cancel" } });
    const outcome = await settle(tt, "login", { force: true });
    expect(outcome).toEqual({
      kind: "fail",
      result: { errMsg: "login:fail host login fail", errorCode: 113_001, errorType: "U" },
    });
    expect(tt.$sim.persona.loggedIn).toBe(false);
    expect(tt.$sim.logins).toEqual([]);
    expect(await deviceCalls("/device/login")).toBe(0);
  });

  it("force false never shows the panel: an anonymousCode only, isLogin false", async () => {
    const tt = newTt("panel-skip", { loggedIn: false, answers: { douyinLogin: "cancel" } });
    const outcome = await settle(tt, "login", { force: false });
    expect(outcome.result).toMatchObject({ errMsg: "login:ok", code: "", isLogin: false });
    expect(outcome.result.anonymousCode).not.toBe("");
    expect(tt.$sim.ui).toEqual([]);
  });
});

describe('platform "douyin": codes the emulator never issued', () => {
  it("tt.login answers codes that jscode2session on the emulator refuses", async () => {
    const tt = newTt("real-dev", { platform: "douyin" });
    const outcome = await settle(tt, "login");
    expect(outcome.result).toMatchObject({ errMsg: "login:ok", isLogin: true });
    expect(outcome.result.code).toMatch(/^[\w-]{32}$/);
    expect(await deviceCalls("/device/login")).toBe(0);
    const byCode = await exchange(emulator.url, { ...credentials, code: outcome.result.code });
    expect(byCode.json.err_no).toBe(40018);
    const byAnonymous = await exchange(emulator.url, {
      ...credentials,
      anonymous_code: outcome.result.anonymousCode,
    });
    expect(byAnonymous.json.err_no).toBe(40019);

    tt.$sim.platform = "emulator";
    const local = await settle(tt, "login");
    expect(
      (await exchange(emulator.url, { ...credentials, code: local.result.code })).json.err_no,
    ).toBe(0);
  });

  it("the phone button's code is one the emulator's get_phonenumber_info refuses", async () => {
    const tt = newTt("real-phone", { platform: "douyin" });
    await settle(tt, "login");
    const detail = await tt.$sim.phoneNumberDetail({ flow: "code" });
    expect(detail).toEqual({
      errMsg: "getPhoneNumber:ok",
      code: expect.stringMatching(/^[\w-]{32}$/),
    });
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const answer = await openPost(
      emulator.url,
      "/api/apps/v1/get_phonenumber_info/",
      token,
      detail,
    );
    expect(answer.json.err_no).toBe(28_001_007);
    expect(await tt.$sim.phoneNumberDetail({ flow: "encrypted" })).toEqual({
      errMsg: "getPhoneNumber:ok",
      encryptedData: expect.any(String),
      iv: expect.any(String),
    });
    expect(await deviceCalls("/device/phone-number")).toBe(0);
  });

  it("getUserProfile answers a profile signed with a key the emulator does not know", async () => {
    const tt = newTt("real-profile", { platform: "douyin" });
    const outcome = await settle(tt, "getUserProfile", {}, { inTap: true });
    expect(outcome.result).toMatchObject({
      errMsg: "getUserProfile:ok",
      rawData: JSON.stringify(outcome.result.userInfo),
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(await deviceCalls("/device/user-profile")).toBe(0);
  });
});

describe("tt.request: the domain check and timeouts", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/never") return; // holds the connection: only a timeout ends it
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });

  const requester = (extra: Record<string, string> = {}) =>
    onePage(
      `Page({
  data: { result: null },
  onGo(event) {
    tt.request({
      url: event.currentTarget.dataset.url,
      timeout: event.currentTarget.dataset.timeout,
      complete: (result) => this.setData({ result: { errMsg: result.errMsg, statusCode: result.statusCode || 0 } }),
    });
  },
});`,
      '<button bindtap="onGo">Go</button>',
      extra,
    );
  const go = async (mp: MiniProgram, url: string, timeout?: number) => {
    const page = mp.openPage("pages/p/p");
    await page.tap("onGo", { url, timeout });
    return (await page.waitFor((data) => data.result !== null)).result;
  };

  it("refuses plain http when the program's project.config.json keeps urlCheck on", async () => {
    const files = requester({
      "project.config.json": JSON.stringify({ setting: { urlCheck: true } }),
    });
    const mp = load(newTt("req-check"), files);
    expect(await go(mp, `${base}/ok`)).toEqual({
      errMsg: "request:fail url not in domain list",
      statusCode: 0,
    });
  });

  it("lets plain http through when urlCheck is off, in project.config.json or by option", async () => {
    const files = requester({
      "project.config.json": JSON.stringify({ setting: { urlCheck: false } }),
    });
    expect(await go(load(newTt("req-devtools"), files), `${base}/ok`)).toEqual({
      errMsg: "request:ok",
      statusCode: 200,
    });
    const checked = requester({
      "project.config.json": JSON.stringify({ setting: { urlCheck: true } }),
    });
    program?.close();
    expect(
      await go(load(newTt("req-option", { urlCheck: false }), checked), `${base}/ok`),
    ).toMatchObject({
      errMsg: "request:ok",
    });
  });

  it("with requestDomains, refuses an https origin that is not listed", async () => {
    const tt = newTt("req-domains", {
      urlCheck: true,
      requestDomains: ["https://api.example.test"],
    });
    const outcome = await settle(tt, "request", { url: "https://other.example.test/x" });
    expect(outcome.result.errMsg).toBe("request:fail url not in domain list");
    expect((await settle(tt, "request", { url: "http://api.example.test/x" })).result.errMsg).toBe(
      "request:fail url not in domain list",
    );
  });

  it("times out after app.json's networkTimeout.request, or the call's own timeout", async () => {
    const files = requester({
      "project.config.json": JSON.stringify({ setting: { urlCheck: false } }),
      "app.json": JSON.stringify({ pages: ["pages/p/p"], networkTimeout: { request: 50 } }),
    });
    const tt = newTt("req-timeout");
    const mp = load(tt, files);
    expect(tt.$sim.settings.requestTimeoutMs).toBe(50);
    expect(await go(mp, `${base}/never`)).toEqual({
      errMsg: "request:fail timeout",
      statusCode: 0,
    });
    const own = await settle(newTt("req-own", { urlCheck: false }), "request", {
      url: `${base}/never`,
      timeout: 30,
    });
    expect(own.result.errMsg).toBe("request:fail timeout");
  });

  it("caps a timeout at Douyin's 60 s maximum", () => {
    const tt = newTt("req-cap", { networkTimeout: { request: 600_000 } });
    expect(tt.$sim.settings.requestTimeoutMs).toBe(60_000);
  });
});

describe("the privacy agreement", () => {
  it("with the official popup: a refusal fails the API with Douyin's errMsg, an agreement lets it through once and for all", async () => {
    const tt = newTt("privacy-popup", { privacyCheck: true, answers: { privacy: "disagree" } });
    await settle(tt, "login");
    const refused = await settle(tt, "getLocation");
    expect(refused).toEqual({
      kind: "fail",
      result: { errMsg: "getLocation:fail privacy permission is not authorized", errNo: 10_201 },
    });
    expect(await deviceCalls("/device/location")).toBe(0);
    expect((await settle(tt, "getPrivacySetting")).result).toEqual({
      errMsg: "getPrivacySetting:ok",
      needAuthorization: true,
      privacyContractName: "《用户隐私保护指引》",
    });

    tt.$sim.answers.privacy = "agree";
    expect((await settle(tt, "getLocation")).kind).toBe("success");
    expect((await settle(tt, "chooseAddress")).kind).toBe("success");
    expect(tt.$sim.ui.filter((event) => event.type === "privacy")).toEqual([
      { type: "privacy", via: "popup", api: "getLocation", agreed: false },
      { type: "privacy", via: "popup", api: "getLocation", agreed: true },
    ]);
    expect((await settle(tt, "getPrivacySetting")).result.needAuthorization).toBe(false);
  });

  it("keeps a tap a tap: getUserProfile asked inside one still works after the popup", async () => {
    const tt = newTt("privacy-tap", { privacyCheck: true });
    await settle(tt, "login");
    const outcome = await settle(tt, "getUserProfile", {}, { inTap: true });
    expect(outcome.result.errMsg).toBe("getUserProfile:ok");
  });

  it("is off unless app.json's usePrivacyCheck (or the option) turns it on", async () => {
    const tt = newTt("privacy-off", { answers: { privacy: "disagree" } });
    await settle(tt, "login");
    expect((await settle(tt, "getLocation")).kind).toBe("success");
    expect((await settle(tt, "requirePrivacyAuthorize")).result).toEqual({
      errMsg: "requirePrivacyAuthorize:ok",
    });
  });

  const privacyPage = onePage(
    `let pending = null;
Page({
  data: { asking: false, location: null, refusal: null, nickName: null, phone: null },
  onPhone(event) { this.setData({ phone: event.detail.errMsg }); },
  onLoad() {
    tt.onNeedPrivacyAuthorization((resolve, eventInfo) => {
      pending = resolve;
      this.setData({ asking: eventInfo.referrer });
    });
  },
  onShare() {
    tt.getLocation({
      success: (result) => this.setData({ location: result.latitude }),
      fail: (result) => this.setData({ refusal: result.errMsg }),
    });
  },
  onAgree() { this.setData({ asking: false }); pending({ event: "agree", buttonId: "agree-btn" }); },
  onDisagree() { this.setData({ asking: false }); pending({ event: "disagree" }); },
  onAgreeWithoutButton() { this.setData({ asking: false }); pending({ event: "agree", buttonId: "agree-btn" }); },
  onContract() { tt.openPrivacyContract({}); },
  async onProfile() {
    const result = await new Promise((resolve, reject) =>
      tt.getUserProfile({ success: resolve, fail: reject }),
    );
    this.setData({ nickName: result.userInfo.nickName });
  },
});`,
    `<button bindtap="onShare">Share my location</button>
<button bindtap="onProfile">Use my profile</button>
<button open-type="getPhoneNumber" bindgetphonenumber="onPhone">Verify my phone</button>
<view tt:if="{{asking}}">
  <text>We need your agreement ({{asking}})</text>
  <button bindtap="onContract">Read the agreement</button>
  <button id="agree-btn" open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgree">Agree</button>
  <button bindtap="onDisagree">Disagree</button>
  <button bindtap="onAgreeWithoutButton">Pretend to agree</button>
</view>`,
    { "app.json": JSON.stringify({ pages: ["pages/p/p"], usePrivacyCheck: true }) },
  );

  it("with the page's own popup: the call waits for resolve; the agree button agrees", async () => {
    const tt = newTt("privacy-own");
    await settle(tt, "login");
    const page = load(tt, privacyPage).openPage("pages/p/p");
    await page.tapButton("Share my location");
    await page.waitFor((data) => data.asking === "getLocation");
    expect(page.render().texts).toContain("We need your agreement (getLocation)");
    await page.tapButton("Read the agreement");
    await page.tapButton("Agree");
    const data = await page.waitFor((current) => current.location !== null);
    expect(data.location).toEqual(expect.any(Number));
    expect(tt.$sim.privacy.agreed).toBe(true);
    expect(
      tt.$sim.ui.filter(
        (event) => event.type.startsWith("privacy") || event.type === "openPrivacyContract",
      ),
    ).toEqual([
      { type: "openPrivacyContract" },
      { type: "privacy", via: "button", agreed: true },
      { type: "privacy", via: "listener", api: "getLocation", agreed: true },
    ]);
  });

  it("hands a tap back to the test when its handler waits for the privacy prompt", async () => {
    const tt = newTt("privacy-await");
    await settle(tt, "login");
    const page = load(tt, privacyPage).openPage("pages/p/p");
    await page.tap("onProfile"); // its handler is still awaiting getUserProfile
    expect(page.data.asking).toBe("getUserProfile");
    await expect(page.waitFor((data) => data.nickName !== null, 50)).rejects.toThrow(
      /1 call\(s\) wait for the privacy prompt/,
    );
    await page.tapButton("Agree");
    const data = await page.waitFor((current) => current.nickName !== null);
    expect(data.nickName).toEqual(expect.any(String)); // still inside the tap: the profile came
  });

  it("hands the phone button back at the privacy prompt, and goes on once agreed", async () => {
    const tt = newTt("privacy-phone");
    await settle(tt, "login");
    const page = load(tt, privacyPage).openPage("pages/p/p");
    expect(await page.tapButton("Verify my phone")).toBeUndefined();
    expect(page.data.asking).toBe("getPhoneNumber");
    await page.tapButton("Agree");
    expect((await page.waitFor((data) => data.phone !== null)).phone).toBe("getPhoneNumber:ok");
    expect(await page.tapPhoneButton("onPhone")).toMatchObject({ errMsg: "getPhoneNumber:ok" });
  });

  it("with the page's own popup: disagree, or agree without the button, fails the call", async () => {
    const tt = newTt("privacy-own-no");
    await settle(tt, "login");
    const page = load(tt, privacyPage).openPage("pages/p/p");
    await page.tapButton("Share my location");
    await page.waitFor((data) => data.asking !== false);
    await page.tapButton("Disagree");
    const refused = await page.waitFor((data) => data.refusal !== null);
    expect(refused.refusal).toBe("getLocation:fail privacy permission is not authorized");

    page.setData({ refusal: null });
    await page.tapButton("Share my location");
    await page.waitFor((data) => data.asking !== false);
    await page.tapButton("Pretend to agree");
    expect((await page.waitFor((data) => data.refusal !== null)).refusal).toMatch(
      /privacy permission is not authorized/,
    );
    expect(tt.$sim.ui.at(-1)).toEqual({
      type: "privacy",
      via: "listener",
      api: "getLocation",
      agreed: false,
    });
    expect(await deviceCalls("/device/location")).toBe(0);
  });
});

describe("the phone button's refusals", () => {
  it("platform auth deny: the platform gives the app no phone permission (no dialog is shown)", async () => {
    const tt = newTt("phone-platform", { phoneNumberAccess: "platform auth deny" });
    await settle(tt, "login");
    expect(await tt.$sim.phoneNumberDetail()).toEqual({
      errMsg: "getPhoneNumber:fail platform auth deny",
    });
    tt.$sim.phoneNumberAccess = "no permission";
    expect(await tt.$sim.phoneNumberDetail()).toEqual({
      errMsg: "getPhoneNumber:fail no permission",
    });
    expect(tt.$sim.ui).toEqual([]);
  });

  it("not login: the person is not logged in to Douyin", async () => {
    const tt = newTt("phone-guest", { loggedIn: false });
    await settle(tt, "login", { force: false });
    expect(await tt.$sim.phoneNumberDetail()).toEqual({
      errMsg: "getPhoneNumber:fail not login",
      errNo: 10_100,
    });
  });

  it("privacy refused: the button's detail says so", async () => {
    const tt = newTt("phone-privacy", { privacyCheck: true, answers: { privacy: "disagree" } });
    await settle(tt, "login");
    expect(await tt.$sim.phoneNumberDetail()).toEqual({
      errMsg: "getPhoneNumber:fail privacy permission is not authorized",
      errNo: 10_201,
    });
  });
});
