/**
 * The built client against a scripted fake API (for the error paths the real API cannot be made
 * to take on demand) and the real emulator (for tt.login). The end-to-end test uses the real API.
 */
import path from "node:path";
import { ApiPaths } from "@tt/contract";
import type { PageHandle, SimulatedTt } from "@tt/emulator/tt-simulator";
import { describe, expect, it } from "vitest";
import { buildMiniProgram } from "../scripts/lib/mini-program-build.ts";
import { problem } from "./support/fake-api.ts";
import { useFakeApiApp } from "./support/fake-api-app.ts";
import { type IndexData, SESSION_KEY } from "./support/index-page.ts";
import { untilQuiet } from "./support/quiet.ts";

const settled = (data: IndexData) => data.status !== "loading";

const app = useFakeApiApp("client-flow");

function newTt(options: { user?: string; loggedIn?: boolean } = {}) {
  return app.newTt({ user: options.user ?? "flow-user", ...options });
}

/** Launches the app (or relaunches it, when `tt` keeps the storage of a previous launch). */
function openIndex(tt: SimulatedTt, from = app.dist): PageHandle<IndexData> {
  return app.launch(tt, from).openPage<IndexData>("pages/index/index");
}

/** The calls of the sign-in flow: the device report after a login runs beside them. */
const authCalls = () => app.api.calls.filter((call) => call.path !== ApiPaths.meDevice);
const callList = () => authCalls().map((call) => `${call.method} ${call.path}`);

describe("signing in on load", () => {
  it("logs a Douyin user in with both codes from tt.login and shows them", async () => {
    const tt = newTt();
    const page = openIndex(tt);
    expect(page.data.status).toBe("loading");
    const data = await page.waitFor(settled);

    expect(data.status).toBe("ready");
    expect(data.user).toMatchObject({ id: "user-douyin", openid: "openid-fake", isGuest: false });
    expect(data.lastLogin).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    const [login] = tt.$sim.logins;
    expect(authCalls()).toEqual([
      {
        method: "POST",
        path: "/api/auth/login",
        authorization: undefined,
        body: { code: login?.code, anonymousCode: login?.anonymousCode },
      },
    ]);
    expect(tt.getStorageSync(SESSION_KEY)).toMatchObject({ accessToken: expect.any(String) });
  });

  it("logs a guest in with the anonymous code alone", async () => {
    const tt = newTt({ user: "flow-guest", loggedIn: false });
    const data = await openIndex(tt).waitFor(settled);
    expect(data.user).toMatchObject({ isGuest: true, openid: null });
    expect(authCalls()[0]?.body).toEqual({ anonymousCode: tt.$sim.logins[0]?.anonymousCode });
  });

  it("asks tt.login for new codes and retries once when the server rejects the codes", async () => {
    app.api.queue("/api/auth/login", problem(400, "LOGIN_CODE_INVALID"));
    const tt = newTt();
    const data = await openIndex(tt).waitFor(settled);
    expect(data.status).toBe("ready");
    expect(tt.$sim.logins).toHaveLength(2);
    const codes = authCalls().map((call) => (call.body as { code: string }).code);
    expect(codes).toEqual(tt.$sim.logins.map((login) => login.code));
    expect(codes[0]).not.toBe(codes[1]);
  });

  it("shows the problem code after a second rejection, and the retry button works", async () => {
    app.api.queue(
      "/api/auth/login",
      problem(400, "ANONYMOUS_CODE_INVALID"),
      problem(400, "LOGIN_CODE_INVALID"),
    );
    const page = openIndex(newTt());
    const data = await page.waitFor(settled);
    expect(data).toMatchObject({
      status: "error",
      user: null,
      error: { code: "LOGIN_CODE_INVALID", message: "The Douyin login expired. Please try again." },
    });
    expect(authCalls()).toHaveLength(2);

    await page.tap("onRetry");
    expect(page.data.status).toBe("ready");
  });

  it("does not retry by itself when Douyin is unavailable, but offers to", async () => {
    app.api.queue(
      "/api/auth/login",
      problem(503, "PLATFORM_UNAVAILABLE", "jscode2session timed out"),
    );
    const tt = newTt();
    const page = openIndex(tt);
    const data = await page.waitFor(settled);
    expect(data.error).toEqual({
      code: "PLATFORM_UNAVAILABLE",
      message: "Douyin is not answering right now. Please try again.",
      hint: "",
    });
    expect(tt.$sim.logins).toHaveLength(1);
    await page.tap("onRetry");
    expect(page.data.status).toBe("ready");
  });

  it("shows NETWORK_ERROR when the API cannot be reached", async () => {
    const unreachable = path.join(app.tmp, "dist-unreachable");
    await buildMiniProgram({
      outDir: unreachable,
      apiBaseUrl: "http://127.0.0.1:9",
      target: { mode: "douyin", appid: "tt_emulator_app" },
    });
    const data = await openIndex(newTt(), unreachable).waitFor(settled);
    expect(data.error?.code).toBe("NETWORK_ERROR");
    expect(data.error?.message).toMatch(/cannot be reached/);
  });

  it("shows TT_LOGIN_FAILED when tt.login itself fails", async () => {
    await fetch(`${app.emulator.url}/emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/device/login", errNo: 21_500 }),
    });
    const data = await openIndex(newTt()).waitFor(settled);
    expect(data.error?.code).toBe("TT_LOGIN_FAILED");
    expect(data.error?.message).toMatch(/^login:fail /);
    expect(app.api.calls).toEqual([]);
  });
});

describe("the device report", () => {
  it("sends tt.getSystemInfo's object after each login, not on a launch with a stored session", async () => {
    const tt = newTt({ user: "flow-device" });
    await openIndex(tt).waitFor(settled);
    await untilQuiet(tt);
    const reports = () => app.api.calls.filter((call) => call.path === ApiPaths.meDevice);
    const systemInfo = await tt.$sim.loadSystemInfo();
    expect(reports()).toEqual([
      {
        method: "PUT",
        path: ApiPaths.meDevice,
        authorization: `Bearer ${(tt.getStorageSync(SESSION_KEY) as { accessToken: string }).accessToken}`,
        body: { ...systemInfo, errMsg: "getSystemInfo:ok" },
      },
    ]);

    await openIndex(tt).waitFor(settled);
    await untilQuiet(tt);
    expect(reports()).toHaveLength(1);
  });

  it("does not get in the way of signing in when it fails", async () => {
    app.api.queue(ApiPaths.meDevice, problem(500, "INTERNAL"));
    const tt = newTt({ user: "flow-device-down" });
    const page = openIndex(tt);
    expect((await page.waitFor(settled)).status).toBe("ready");
    await untilQuiet(tt);
    expect(app.program?.errors).toEqual([]);
    expect(app.program?.logs.map((entry) => entry.text)).toContainEqual(
      expect.stringMatching(/^\[app\] device report failed/),
    );
  });
});

describe("a stored session", () => {
  async function signedIn() {
    const tt = newTt({ user: "flow-returning" });
    await openIndex(tt).waitFor((data) => data.status === "ready");
    await untilQuiet(tt);
    app.api.reset();
    const stored = tt.getStorageSync(SESSION_KEY) as { accessToken: string; refreshToken: string };
    return { tt, stored };
  }

  it("is used on the next launch through GET /api/me, without tt.login", async () => {
    const { tt, stored } = await signedIn();
    const data = await openIndex(tt).waitFor(settled);
    expect(data.user?.id).toBe("user-douyin");
    expect(callList()).toEqual(["GET /api/me"]);
    expect(authCalls()[0]?.authorization).toBe(`Bearer ${stored.accessToken}`);
    expect(tt.$sim.logins).toHaveLength(1);
  });

  it("is refreshed once when the access token has expired, and the new tokens are kept", async () => {
    const { tt, stored } = await signedIn();
    app.api.expireAccessToken(stored.accessToken);
    const data = await openIndex(tt).waitFor(settled);
    expect(data.status).toBe("ready");
    expect(callList()).toEqual(["GET /api/me", "POST /api/auth/refresh"]);
    expect(authCalls()[1]?.body).toEqual({ refreshToken: stored.refreshToken });
    const rotated = tt.getStorageSync(SESSION_KEY) as typeof stored;
    expect(rotated.refreshToken).not.toBe(stored.refreshToken);
    expect(tt.$sim.logins).toHaveLength(1);
  });

  it("is replaced by a new login when the refresh token is refused", async () => {
    const { tt, stored } = await signedIn();
    app.api.expireAccessToken(stored.accessToken);
    app.api.queue("/api/auth/refresh", problem(401, "REFRESH_TOKEN_REUSED"));
    const data = await openIndex(tt).waitFor(settled);
    expect(data.status).toBe("ready");
    expect(callList()).toEqual(["GET /api/me", "POST /api/auth/refresh", "POST /api/auth/login"]);
    expect(tt.$sim.logins).toHaveLength(2);
  });

  it("is ended on the server and forgotten by log out; log in starts a new one", async () => {
    const { tt, stored } = await signedIn();
    const page = openIndex(tt);
    await page.waitFor(settled);
    await page.tap("onLogout");

    expect(page.data).toMatchObject({ status: "signedOut", user: null, busy: false });
    expect(authCalls().at(-1)).toEqual({
      method: "POST",
      path: "/api/auth/logout",
      authorization: `Bearer ${stored.accessToken}`,
      body: { refreshToken: stored.refreshToken },
    });
    expect(tt.getStorageSync(SESSION_KEY)).toBe("");
    await page.waitFor(() => tt.$sim.ui.some((event) => event.type === "showToast"));
    expect(tt.$sim.ui).toContainEqual(expect.objectContaining({ title: "Logged out" }));

    await page.tap("onLogin");
    expect(page.data.status).toBe("ready");
  });

  it("is forgotten on this device even when the server cannot confirm the log out", async () => {
    const { tt } = await signedIn();
    const page = openIndex(tt);
    await page.waitFor(settled);
    app.api.queue("/api/auth/logout", problem(503, "INTERNAL"));
    await page.tap("onLogout");
    expect(page.data.status).toBe("signedOut");
    expect(tt.getStorageSync(SESSION_KEY)).toBe("");
    await page.waitFor(() => tt.$sim.ui.length > 0);
    expect(tt.$sim.ui).toContainEqual(
      expect.objectContaining({ title: "Logged out on this device" }),
    );
  });
});
