import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, SECOND_APP, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, get, post } from "./support/http.ts";

let emulator: RunningEmulator;
const credentials = { appid: DEFAULT_APP.appid, secret: DEFAULT_APP.secret };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "login-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

describe("device login then jscode2session", () => {
  it("exchanges a login code for the persona's session", async () => {
    const login = await deviceLogin(emulator.url, { user: "alice" });
    expect(login.isLogin).toBe(true);
    expect(login.code).not.toBe("");
    expect(login.anonymousCode).not.toBe("");

    const answer = await exchange(emulator.url, { ...credentials, code: login.code });
    expect(answer.status).toBe(200);
    const session = (await get(emulator.url, "/emulator/session?user=alice")).json;
    expect(answer.json).toEqual({
      err_no: 0,
      err_tips: "success",
      data: {
        session_key: session.sessionKey,
        openid: session.openid,
        anonymous_openid: "",
        unionid: session.unionid,
      },
    });
  });

  it("answers only the anonymous fields for an anonymous code: no session_key", async () => {
    const login = await deviceLogin(emulator.url, { user: "bob", loggedIn: false });
    expect(login).toMatchObject({ code: "", isLogin: false });

    const answer = await exchange(emulator.url, {
      ...credentials,
      anonymous_code: login.anonymousCode,
    });
    const session = (await get(emulator.url, "/emulator/session?user=bob")).json;
    // session_key comes only with a code (code2Session: "如果请求时有 code 参数才会返回").
    expect(answer.json.data).toEqual({
      session_key: "",
      openid: "",
      anonymous_openid: session.anonymousOpenid,
      unionid: "",
    });
  });

  it("answers every field when both codes are sent", async () => {
    const login = await deviceLogin(emulator.url, { user: "carol" });
    const answer = await exchange(emulator.url, {
      ...credentials,
      code: login.code,
      anonymous_code: login.anonymousCode,
    });
    const session = (await get(emulator.url, "/emulator/session?user=carol")).json;
    expect(answer.json.data).toEqual({
      session_key: session.sessionKey,
      openid: session.openid,
      anonymous_openid: session.anonymousOpenid,
      unionid: session.unionid,
    });
  });

  it("uses the default app and the default persona", async () => {
    const login = await deviceLogin(emulator.url);
    const answer = await exchange(emulator.url, { ...credentials, code: login.code });
    const session = (await get(emulator.url, "/emulator/session")).json;
    expect(answer.json.data.openid).toBe(session.openid);
  });
});

describe("codes", () => {
  it("are single use", async () => {
    const login = await deviceLogin(emulator.url);
    expect((await exchange(emulator.url, { ...credentials, code: login.code })).json.err_no).toBe(
      0,
    );
    const again = await exchange(emulator.url, { ...credentials, code: login.code });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ err_no: 40018, data: null });

    const anonymous = { ...credentials, anonymous_code: login.anonymousCode };
    expect((await exchange(emulator.url, anonymous)).json.err_no).toBe(0);
    expect((await exchange(emulator.url, anonymous)).json.err_no).toBe(40019);
  });

  it("expire after 3 minutes of emulator time", async () => {
    const fresh = await deviceLogin(emulator.url);
    const stale = await deviceLogin(emulator.url, { user: "late" });
    await post(emulator.url, "/emulator/clock", { advanceMs: 179_000 });
    expect((await exchange(emulator.url, { ...credentials, code: fresh.code })).json.err_no).toBe(
      0,
    );
    await post(emulator.url, "/emulator/clock", { advanceMs: 1_000 });
    expect((await exchange(emulator.url, { ...credentials, code: stale.code })).json.err_no).toBe(
      40018,
    );
    expect(
      (await exchange(emulator.url, { ...credentials, anonymous_code: stale.anonymousCode })).json
        .err_no,
    ).toBe(40019);
  });

  it("belong to the app they were issued for", async () => {
    const login = await deviceLogin(emulator.url, { appid: SECOND_APP.appid });
    const answer = await exchange(emulator.url, { ...credentials, code: login.code });
    expect(answer.json.err_no).toBe(40018);
    const right = await exchange(emulator.url, {
      appid: SECOND_APP.appid,
      secret: SECOND_APP.secret,
      code: login.code,
    });
    expect(right.json.err_no).toBe(0);
  });

  it("survive a failed exchange where the other code was bad", async () => {
    const login = await deviceLogin(emulator.url);
    const bad = await exchange(emulator.url, {
      ...credentials,
      code: login.code,
      anonymous_code: "not-a-code",
    });
    expect(bad.json.err_no).toBe(40019);
    expect((await exchange(emulator.url, { ...credentials, code: login.code })).json.err_no).toBe(
      0,
    );
  });
});

describe("codes not sent", () => {
  it("are absent, null or empty: the other code alone is exchanged", async () => {
    const carol = await deviceLogin(emulator.url, { user: "carol" });
    const anonymousOnly = await post(emulator.url, "/api/apps/v2/jscode2session", {
      ...credentials,
      code: null,
      anonymous_code: carol.anonymousCode,
    });
    const session = (await get(emulator.url, "/emulator/session?user=carol")).json;
    expect(anonymousOnly.json).toEqual({
      err_no: 0,
      err_tips: "success",
      data: {
        session_key: "",
        openid: "",
        anonymous_openid: session.anonymousOpenid,
        unionid: "",
      },
    });
    const codeOnly = await post(emulator.url, "/api/apps/v2/jscode2session", {
      ...credentials,
      code: carol.code,
      anonymous_code: "",
    });
    expect(codeOnly.json.data).toEqual({
      session_key: session.sessionKey,
      openid: session.openid,
      anonymous_openid: "",
      unionid: session.unionid,
    });
  });
});

describe("session keys and identifiers", () => {
  it("rotate the session key on every login", async () => {
    const first = await deviceLogin(emulator.url, { user: "dora" });
    const firstKey = (await get(emulator.url, "/emulator/session?user=dora")).json.sessionKey;
    const second = await deviceLogin(emulator.url, { user: "dora" });
    const current = (await get(emulator.url, "/emulator/session?user=dora")).json;
    expect(current.sessionKey).not.toBe(firstKey);

    const a = await exchange(emulator.url, { ...credentials, code: first.code });
    const b = await exchange(emulator.url, { ...credentials, code: second.code });
    expect(a.json.data.session_key).toBe(firstKey);
    expect(b.json.data.session_key).toBe(current.sessionKey);
    expect(a.json.data.openid).toBe(b.json.data.openid);
  });

  it("keep openids per app and the unionid per persona across apps", async () => {
    await deviceLogin(emulator.url, { user: "erin" });
    await deviceLogin(emulator.url, { user: "erin", appid: SECOND_APP.appid });
    await deviceLogin(emulator.url, { user: "frank" });
    const inFirst = (await get(emulator.url, "/emulator/session?user=erin")).json;
    const inSecond = (
      await get(emulator.url, `/emulator/session?user=erin&appid=${SECOND_APP.appid}`)
    ).json;
    const other = (await get(emulator.url, "/emulator/session?user=frank")).json;
    expect(inFirst.openid).not.toBe(inSecond.openid);
    expect(inFirst.anonymousOpenid).not.toBe(inSecond.anonymousOpenid);
    expect(inFirst.unionid).toBe(inSecond.unionid);
    expect(other.unionid).not.toBe(inFirst.unionid);
    expect(other.openid).not.toBe(inFirst.openid);
  });

  it("have realistic shapes", async () => {
    await deviceLogin(emulator.url);
    const session = (await get(emulator.url, "/emulator/session")).json;
    expect(session.openid).toMatch(/^_000[A-Za-z0-9_-]{40}$/);
    expect(session.anonymousOpenid).toMatch(/^_000[A-Za-z0-9_-]{40}$/);
    expect(session.unionid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Buffer.from(session.sessionKey, "base64")).toHaveLength(16);
    expect(session.sessionKey).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it("answers 404 for a persona that never logged in", async () => {
    const answer = await get(emulator.url, "/emulator/session?user=nobody");
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe("not_found");
  });
});
