// Douyin Cloud as the emulator plays it: the callContainer gateway (caller headers, its failures)
// and the cloud-call face of the OpenAPI (no token, the app named by the path).
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CALL_CONTAINER_BODY_LIMIT,
  DEFAULT_CLOUD_ENVIRONMENT,
  type RunningEmulator,
  startEmulator,
} from "../src/index.ts";

let emulator: RunningEmulator;
let service: Server;
let serviceUrl: string;
/** What the service behind the gateway received last. */
let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };

const envID = "test-env";

async function post(path: string, body: unknown) {
  const response = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const callContainer = (body: Record<string, unknown>) =>
  post("/device/cloud/call-container", { envID, path: "/hello", ...body });

async function putEnvironment(id: string, body: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/emulator/cloud/environments/${id}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "cloud-tests" });
  service = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      received = { method: request.method, url: request.url, headers: request.headers, body };
      response.writeHead(request.url === "/missing" ? 404 : 200, {
        "content-type": "application/json",
        "x-service": "yes",
      });
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
});

beforeEach(async () => {
  await fetch(`${emulator.url}/emulator/reset`, { method: "POST" });
  const put = await putEnvironment(envID, {
    serviceID: "svc",
    appid: "tt_emulator_app",
    serviceUrl,
  });
  expect(put.status).toBe(200);
});

afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => service.close(resolve));
});

describe("the callContainer gateway", () => {
  it("needs the persona's tt.login session first: 11010 empty session", async () => {
    const answer = await callContainer({ user: "nobody" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errNo: 21102 });
    expect(answer.body.errMsg).toMatch(/^callContainer:fail empty session, code=11010, logid=\w+$/);
  });

  it("tells the service who calls (logged in: openid and unionid), dropping headers the caller wrote", async () => {
    await post("/device/login", { user: "alice" });
    const session = (await (
      await fetch(`${emulator.url}/emulator/session?user=alice&appid=tt_emulator_app`)
    ).json()) as { openid: string; unionid: string };
    const answer = await callContainer({
      user: "alice",
      serviceID: "svc",
      path: "/hello?x=1",
      init: {
        method: "post",
        header: { "x-tt-openid": "forged", "X-TT-APPID": "forged", "x-custom": "kept" },
        body: { a: 1 },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, data: '{"ok":true}' });
    expect(answer.body.header).toMatchObject({ "x-service": "yes" });
    expect(received).toMatchObject({ method: "POST", url: "/hello?x=1", body: '{"a":1}' });
    expect(received.headers).toMatchObject({
      "x-tt-openid": session.openid,
      "x-tt-unionid": session.unionid,
      "x-tt-appid": "tt_emulator_app",
      "x-tt-env": envID,
      "x-custom": "kept",
      "content-type": "application/json",
    });
    expect(received.headers["x-tt-anonymous-openid"]).toBeUndefined();
    expect(received.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("names an anonymous caller by the anonymous openid only", async () => {
    await post("/device/login", { user: "guest", loggedIn: false });
    const answer = await callContainer({ user: "guest" });
    expect(answer.status).toBe(200);
    expect(received.headers["x-tt-anonymous-openid"]).toMatch(/^_000/);
    expect(received.headers["x-tt-openid"]).toBeUndefined();
    expect(received.headers["x-tt-unionid"]).toBeUndefined();
  });

  it("passes the service's own status through", async () => {
    await post("/device/login", { user: "alice" });
    const answer = await callContainer({ user: "alice", path: "/missing" });
    expect(answer.body.statusCode).toBe(404);
  });

  it("answers the gateway's failures: unknown service, another app, too large, unreachable", async () => {
    await post("/device/login", { user: "alice" });
    await post("/device/login", { user: "alice", appid: "tt_emulator_app_2" });
    const code = async (body: Record<string, unknown>) =>
      /code=(\d+)/.exec(String((await callContainer(body)).body.errMsg))?.[1];
    expect(await code({ user: "alice", envID: "no-such-env" })).toBe("13005");
    expect(await code({ user: "alice", serviceID: "other" })).toBe("13005");
    expect(await code({ user: "alice", appid: "tt_emulator_app_2" })).toBe("13010");
    const big = "x".repeat(CALL_CONTAINER_BODY_LIMIT + 1);
    expect(await code({ user: "alice", init: { method: "POST", body: big } })).toBe("14021");
    await putEnvironment(envID, {
      serviceID: "svc",
      appid: "tt_emulator_app",
      serviceUrl: "http://127.0.0.1:9",
    });
    expect(await code({ user: "alice" })).toBe("10001");
  });

  it("refuses bad parameters as invalid param (20000)", async () => {
    await post("/device/login", { user: "alice" });
    for (const body of [
      { path: "no-slash" },
      { envID: "" },
      { init: { method: "CONNECT" } },
      { init: { header: { a: 1 } } },
      { init: { body: { a: 1 } } },
      { init: { timeout: 0 } },
      { init: { retries: 3 } },
    ]) {
      const answer = await callContainer({ user: "alice", ...body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.errNo, JSON.stringify(body)).toBe(20000);
    }
  });

  it("lists environments, validates new ones, and a reset brings back the configured one", async () => {
    expect(
      (await putEnvironment("bad env", { serviceID: "s", appid: "tt_emulator_app" })).status,
    ).toBe(400);
    expect(
      (await putEnvironment("e2", { serviceID: "s", appid: "unknown", serviceUrl })).status,
    ).toBe(400);
    await fetch(`${emulator.url}/emulator/reset`, { method: "POST" });
    const list = (await (await fetch(`${emulator.url}/emulator/cloud/environments`)).json()) as {
      environments: unknown[];
    };
    expect(list.environments).toEqual([DEFAULT_CLOUD_ENVIRONMENT]);
  });
});

describe("the cloud-call face", () => {
  it("serves a platform call with no token for the app the path names, and counts it", async () => {
    const response = await fetch(
      `${emulator.url}/cloud-call/tt_emulator_app/api/v2/tags/text/antidirt`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tasks: [{ content: "hello" }] }),
      },
    );
    expect(response.status).toBe(200);
    const stats = (await (await fetch(`${emulator.url}/emulator/stats`)).json()) as {
      calls: Record<string, number>;
      cloudCalls: Record<string, number>;
    };
    expect(stats.cloudCalls).toEqual({ "/api/v2/tags/text/antidirt": 1 });
    expect(stats.calls["/api/v2/tags/text/antidirt"]).toBe(1);
  });

  it("refuses a cloud call for an app it does not know, as a bad token", async () => {
    const response = await fetch(
      `${emulator.url}/cloud-call/tt_unknown/api/notification/v2/subscription/query_user_subscribe/`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ open_id: "x", msg_id: "y" }),
      },
    );
    expect(((await response.json()) as { err_no: number }).err_no).toBe(28001003);
  });

  it("still needs a token without the prefix", async () => {
    const response = await fetch(`${emulator.url}/api/v2/tags/text/antidirt`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tasks: [{ content: "hello" }] }),
    });
    expect(((await response.json()) as { code: number }).code).toBe(401);
  });
});
