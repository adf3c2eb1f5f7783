// Douyin Cloud mode (DOUYIN_CLOUD): the mini-program reaches the API through Douyin Cloud's
// gateway (the emulator's /device/cloud/call-container, over real HTTP), logins trust the
// gateway's X-TT-* caller headers, and platform calls are cloud calls with no token. With the mode
// off, those headers are refused before anything runs.
import type { Session } from "@tt/contract";
import { expectProblem } from "@tt/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { ConfigError, emulatorDefaultApp, loadConfig } from "../src/config.ts";
import { deviceLogin, emulatorSession, postJson, testEnv, useApi } from "./helper.ts";
import {
  adminHeaders,
  deviceSubscribe,
  inbox,
  messagingEnv,
  settled,
  templates,
} from "./outbox-helpers.ts";

const api = useApi();
const envID = "cloud-mode-env";
let cloudApp: App;
let apiUrl: string;

interface Stats {
  calls: Record<string, number>;
  cloudCalls: Record<string, number>;
}

interface ContainerAnswer {
  statusCode: number;
  header: Record<string, string>;
  data: string;
}

async function stats(): Promise<Stats> {
  return (await fetch(`${api.emulator.url}/emulator/stats`)).json() as Promise<Stats>;
}

/** Cloud.callContainer from the persona's phone, through the emulator's gateway. */
async function callContainer(
  user: string,
  path: string,
  init: { method?: string; header?: Record<string, string>; body?: unknown } = {},
) {
  const answer = await postJson<ContainerAnswer>(api.emulator, "/device/cloud/call-container", {
    user,
    envID,
    path,
    init: { ...init, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) },
  });
  return { status: answer.statusCode, body: JSON.parse(answer.data) as Record<string, unknown> };
}

function cloudLogin(user: string, body: Record<string, string> = {}) {
  return callContainer(user, "/api/auth/login", {
    method: "POST",
    header: { "content-type": "application/json" },
    body,
  });
}

beforeAll(async () => {
  ({ app: cloudApp } = await api.build({ ...messagingEnv, DOUYIN_CLOUD: "true" }));
  apiUrl = await cloudApp.listen({ host: "127.0.0.1", port: 0 });
  const response = await fetch(`${api.emulator.url}/emulator/cloud/environments/${envID}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      serviceID: "tt-api",
      appid: emulatorDefaultApp.appid,
      serviceUrl: apiUrl,
    }),
  });
  expect(response.status).toBe(200);
});

afterAll(() => cloudApp?.close());

describe("Douyin Cloud mode: who logs in", () => {
  it("logs in the person the gateway names, with no code exchanged", async () => {
    await deviceLogin(api.emulator, { user: "cloud-alice" });
    const before = await stats();
    const { status, body } = await cloudLogin("cloud-alice");
    expect(status).toBe(200);
    const session = body as unknown as Session;
    const { openid } = await emulatorSession(api.emulator, "cloud-alice");
    expect(session.user).toMatchObject({ openid, isGuest: false });
    const after = await stats();
    const exchanges = (s: Stats) => s.calls["/api/apps/v2/jscode2session"] ?? 0;
    expect(exchanges(after)).toBe(exchanges(before));
  });

  it("a logged-out caller becomes a guest, and the same person named later becomes that user", async () => {
    await deviceLogin(api.emulator, { user: "cloud-guest", loggedIn: false });
    const guest = await cloudLogin("cloud-guest");
    expect(guest.status).toBe(200);
    expect((guest.body as unknown as Session).user).toMatchObject({ isGuest: true, openid: null });

    // Logged in now: the gateway names the openid only; the anonymous code links the guest.
    const codes = await deviceLogin(api.emulator, { user: "cloud-guest" });
    const named = await cloudLogin("cloud-guest", { anonymousCode: codes.anonymousCode });
    expect(named.status).toBe(200);
    const user = (named.body as unknown as Session).user;
    expect(user).toMatchObject({ isGuest: false, id: (guest.body as unknown as Session).user.id });
  });

  it("a code brings the session key, so encrypted user data can be read", async () => {
    const codes = await deviceLogin(api.emulator, { user: "cloud-profile" });
    const login = await cloudLogin("cloud-profile", { code: codes.code });
    expect(login.status).toBe(200);
    const session = login.body as unknown as Session;
    const profile = await postJson<Record<string, unknown>>(api.emulator, "/device/user-profile", {
      user: "cloud-profile",
    });
    const { rawData, signature, encryptedData, iv } = profile;
    const updated = await callContainer("cloud-profile", "/api/me/profile", {
      method: "PUT",
      header: {
        "content-type": "application/json",
        authorization: `Bearer ${session.accessToken}`,
      },
      body: { rawData, signature, encryptedData, iv },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.nickname).toBe((profile.userInfo as { nickName: string }).nickName);
  });

  it("refuses codes that belong to someone else than the gateway's caller", async () => {
    const bob = await deviceLogin(api.emulator, { user: "cloud-bob" });
    await deviceLogin(api.emulator, { user: "cloud-carol" });
    const { status, body } = await cloudLogin("cloud-carol", { code: bob.code });
    expect(status).toBe(401);
    expect(body.code).toBe("CLOUD_IDENTITY_INVALID");
  });

  it("refuses a login that did not come through this app's gateway", async () => {
    const codes = await deviceLogin(api.emulator, { user: "cloud-direct" });
    const direct = (headers: Record<string, string>) =>
      cloudApp.inject({
        method: "POST",
        url: "/api/auth/login",
        headers,
        payload: { code: codes.code },
      });
    expectProblem(await direct({}), 401, "CLOUD_IDENTITY_INVALID");
    expectProblem(
      await direct({ "x-tt-appid": "tt_other_app", "x-tt-openid": "_000someone" }),
      401,
      "CLOUD_IDENTITY_INVALID",
    );
    expectProblem(
      await direct({ "x-tt-appid": emulatorDefaultApp.appid, "x-tt-openid": "two\nlines" }),
      401,
      "CLOUD_IDENTITY_INVALID",
    );
  });

  it("trusts whoever can reach it directly: why the service's public access must stay off", async () => {
    const response = await cloudApp.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "x-tt-appid": emulatorDefaultApp.appid, "x-tt-openid": "_000written-by-hand" },
      payload: {},
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.openid).toBe("_000written-by-hand");
  });
});

describe("Douyin Cloud mode: platform calls", () => {
  it("sends a subscription message as a cloud call: no token is ever fetched", async () => {
    await deviceLogin(api.emulator, { user: "cloud-notify" });
    const login = await cloudLogin("cloud-notify");
    const session = login.body as unknown as Session;
    const result = await deviceSubscribe(api.emulator, {
      user: "cloud-notify",
      tmplIds: [templates.shipping.id],
    });
    const recorded = await callContainer("cloud-notify", "/api/me/subscriptions", {
      method: "POST",
      header: {
        "content-type": "application/json",
        authorization: `Bearer ${session.accessToken}`,
      },
      body: { result },
    });
    expect(recorded.status).toBe(200);

    const queued = await cloudApp.inject({
      method: "POST",
      url: "/api/admin/messages",
      headers: adminHeaders(cloudApp),
      payload: {
        userId: session.user.id,
        templateId: templates.shipping.id,
        data: templates.shipping.data,
      },
    });
    expect(queued.statusCode, queued.body).toBe(202);
    expect(await settled(cloudApp, queued.json().id)).toMatchObject({ status: "sent" });
    expect(await inbox(api.emulator, "cloud-notify")).toEqual([
      expect.objectContaining({ templateId: templates.shipping.id }),
    ]);

    const { calls, cloudCalls } = await stats();
    const notify = "/api/notification/v2/subscription/notify_user/";
    expect(cloudCalls[notify]).toBe(calls[notify]);
    expect(calls["/oauth/client_token/"] ?? 0).toBe(0);
    expect(calls["/api/apps/v2/token"] ?? 0).toBe(0);
  });
});

describe("Douyin Cloud mode off (the default)", () => {
  it("refuses caller headers before anything runs: the code is still unused", async () => {
    const { app } = await api.build();
    const codes = await deviceLogin(api.emulator, { user: "cloud-off" });
    for (const header of ["x-tt-openid", "x-tt-unionid", "x-tt-anonymous-openid", "x-tt-appid"]) {
      const refused = await app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { [header]: "_000someone" },
        payload: { code: codes.code },
      });
      const problem = expectProblem(refused, 400, "CLOUD_IDENTITY_REFUSED");
      expect(problem.detail).toContain(header);
    }
    const login = await app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { code: codes.code },
    });
    expect(login.statusCode).toBe(200);
  });

  it("still needs a code or an anonymous code to log in", async () => {
    const { app } = await api.build();
    const answer = await app.inject({ method: "POST", url: "/api/auth/login", payload: {} });
    expectProblem(answer, 400, "VALIDATION_FAILED");
  });
});

describe("DOUYIN_CLOUD configuration", () => {
  const env = () => testEnv(api.dir, api.emulator.url, "cloud-config");

  it("is off by default and reads true/false", () => {
    expect(loadConfig(env()).douyin.cloud).toBe(false);
    expect(loadConfig({ ...env(), DOUYIN_CLOUD: "true" }).douyin.cloud).toBe(true);
    expect(() => loadConfig({ ...env(), DOUYIN_CLOUD: "yes" })).toThrow(ConfigError);
  });

  it("has no sandbox", () => {
    expect(() =>
      loadConfig({
        ...env(),
        DOUYIN_CLOUD: "true",
        DOUYIN_APP_ID: "tt_real",
        DOUYIN_APP_SECRET: "secret",
        DOUYIN_ENVIRONMENT: "sandbox",
      }),
    ).toThrow(/no sandbox/);
  });
});
