import { expectProblem } from "@tt/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { deviceLogin, emulatorSession, postJson, useApi } from "./helper.ts";
import { countRows } from "./rows.ts";

const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build());
});

function login(body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url: "/api/auth/login", payload: body as object, headers });
}

describe("POST /api/auth/login", () => {
  it("exchanges a code, stores the user and answers a session", async () => {
    const { code, anonymousCode } = await deviceLogin(api.emulator, { user: "alice" });
    const response = await login({ code, anonymousCode });
    expect(response.statusCode).toBe(200);
    const session = response.json();
    const douyin = await emulatorSession(api.emulator, "alice");
    expect(session).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      user: { openid: douyin.openid, isGuest: false, appid: "tt_emulator_app" },
    });
    expect(session.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(session.refreshToken).toMatch(/^[\w-]{43}$/);

    const stored = await app.db.user.findUniqueOrThrow({ where: { id: session.user.id } });
    expect(stored).toMatchObject({
      openid: douyin.openid,
      unionid: douyin.unionid,
      // The anonymous openid identifies guests only (auth-guest.test.ts).
      anonymousOpenid: null,
    });
  });

  it("keeps the session key encrypted at rest, and the newest one after another login", async () => {
    const first = await deviceLogin(api.emulator, { user: "bob" });
    const { user } = (await login({ code: first.code })).json();
    const second = await deviceLogin(api.emulator, { user: "bob" });
    const again = (await login({ code: second.code })).json();
    expect(again.user.id).toBe(user.id);

    const douyin = await emulatorSession(api.emulator, "bob");
    const row = await app.db.douyinSession.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.sessionKeyCiphertext).not.toContain(douyin.sessionKey);
    expect(row.sessionKeyCiphertext).not.toContain(
      Buffer.from(douyin.sessionKey, "base64").toString("hex"),
    );
    expect(await app.users.sessionKeyOf(user.id)).toBe(douyin.sessionKey);
  });

  it("logs in a guest with anonymousCode alone, and upgrades that guest on a real login", async () => {
    const anonymous = await deviceLogin(api.emulator, { user: "carol", loggedIn: false });
    expect(anonymous.code).toBe("");
    const guest = (await login({ anonymousCode: anonymous.anonymousCode })).json();
    expect(guest.user).toMatchObject({ isGuest: true, openid: null });

    const real = await deviceLogin(api.emulator, { user: "carol" });
    const upgraded = (await login({ code: real.code, anonymousCode: real.anonymousCode })).json();
    expect(upgraded.user).toMatchObject({ id: guest.user.id, isGuest: false });
    expect(upgraded.user.openid).toBe((await emulatorSession(api.emulator, "carol")).openid);
  });

  it("answers a used code with 401 LOGIN_CODE_INVALID and writes nothing", async () => {
    const { code } = await deviceLogin(api.emulator, { user: "dave" });
    expect((await login({ code })).statusCode).toBe(200);
    const before = await countRows(app);
    expectProblem(await login({ code }), 401, "LOGIN_CODE_INVALID");
    expect(await countRows(app)).toEqual(before);
  });

  it("answers an expired code with 401 LOGIN_CODE_INVALID", async () => {
    const { code } = await deviceLogin(api.emulator, { user: "erin" });
    await postJson(api.emulator, "/emulator/clock", { advanceMs: 181_000 });
    const before = await countRows(app);
    expectProblem(await login({ code }), 401, "LOGIN_CODE_INVALID");
    expect(await countRows(app)).toEqual(before);
  });

  it("answers an unknown anonymous code with 401 ANONYMOUS_CODE_INVALID", async () => {
    const before = await countRows(app);
    expectProblem(await login({ anonymousCode: "not-a-real-code" }), 401, "ANONYMOUS_CODE_INVALID");
    expect(await countRows(app)).toEqual(before);
  });

  const badBodies: [string, unknown][] = [
    ["neither code", {}],
    ["an empty code", { code: "" }],
    ["an empty anonymous code", { anonymousCode: "" }],
    ["a code of the wrong type", { code: 12345 }],
    ["a code that is an object", { code: { $ne: "" } }],
    ["an oversized code", { code: "x".repeat(513) }],
    ["a code with characters no code has", { code: "登录码 with spaces" }],
    ["an unknown field", { code: "abc", admin: true }],
    ["an array", [{ code: "abc" }]],
    ["null", null],
  ];
  it.each(badBodies)(
    "answers %s with 400 VALIDATION_FAILED and writes nothing",
    async (_, body) => {
      const before = await countRows(app);
      const response = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { "content-type": "application/json" },
        payload: JSON.stringify(body),
      });
      const problem = expectProblem(response, 400, "VALIDATION_FAILED");
      expect(problem.errors?.length ?? 0).toBeGreaterThan(0);
      expect(await countRows(app)).toEqual(before);
    },
  );

  it("answers malformed JSON with 400, a foreign content type with 415, a huge body with 413", async () => {
    const before = await countRows(app);
    const post = (payload: string, type: string) =>
      app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { "content-type": type },
        payload,
      });
    expectProblem(await post('{"code": ', "application/json"), 400, "VALIDATION_FAILED");
    expectProblem(
      await post("code=abc", "application/x-www-form-urlencoded"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expectProblem(
      await post(JSON.stringify({ code: "x".repeat(70 * 1024) }), "application/json"),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expectProblem(await post("", "application/json"), 400, "VALIDATION_FAILED");
    expect(await countRows(app)).toEqual(before);
  });
});

describe("POST /api/auth/login when the platform misbehaves", () => {
  async function fault(body: Record<string, unknown>) {
    await postJson(api.emulator, "/emulator/faults", {
      path: "/api/apps/v2/jscode2session",
      ...body,
    });
  }

  it.each([
    ["busy (err_no -1)", { errNo: -1 }],
    ["HTTP 500", { status: 500 }],
    ["HTTP 503", { status: 503 }],
    ["a dropped connection", { drop: true }],
    ["a timeout", { delayMs: 1_500 }],
  ])("answers %s with 503 PLATFORM_UNAVAILABLE and writes nothing", async (_, spec) => {
    const { code } = await deviceLogin(api.emulator, { user: "frank" });
    await fault(spec);
    const before = await countRows(app);
    const response = await login({ code });
    expectProblem(response, 503, "PLATFORM_UNAVAILABLE");
    expect(response.headers["retry-after"]).toBe("5");
    expect(await countRows(app)).toEqual(before);
  });

  it("answers an unknown appid or a wrong secret with 502 PLATFORM_MISCONFIGURED", async () => {
    const cases: Record<string, string>[] = [
      { DOUYIN_APP_ID: "tt_not_configured", DOUYIN_APP_SECRET: "whatever" },
      { DOUYIN_APP_SECRET: "wrong_secret" },
    ];
    for (const overrides of cases) {
      const { app: misconfigured, logs } = await api.build(overrides);
      const { code } = await deviceLogin(api.emulator, { user: "grace" });
      const response = await misconfigured.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { code },
      });
      expectProblem(response, 502, "PLATFORM_MISCONFIGURED");
      expect(await countRows(misconfigured)).toEqual({
        users: 0,
        douyinSessions: 0,
        refreshTokens: 0,
      });
      expect(logs.text).not.toContain(code);
      expect(logs.text).not.toContain(overrides.DOUYIN_APP_SECRET ?? "");
    }
  });
});
