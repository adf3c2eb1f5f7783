// The dashboard and what it reads and does: the page and its assets, the call log (JSON and its
// event stream), the personas with their masked session keys, the codes issued and redeemed,
// switching one path's faults off, and the relay that hands a code to the developer's API.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eventually } from "@tt/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import { call, deviceLogin, exchange, get, post } from "./support/http.ts";

let emulator: RunningEmulator;
const credentials = { appid: DEFAULT_APP.appid, secret: DEFAULT_APP.secret };

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "dashboard-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

describe("the call log", () => {
  it("lists platform and device calls newest first, with status and err_no, never control calls", async () => {
    const { code } = await deviceLogin(emulator.url, { user: "ann" });
    await exchange(emulator.url, { ...credentials, code });
    await exchange(emulator.url, { ...credentials, code }); // used: 40018-style refusal
    await get(emulator.url, "/emulator/stats");
    const { calls } = (await get(emulator.url, "/emulator/calls")).json;
    expect(calls.map((c: { path: string }) => c.path)).toEqual([
      "/api/apps/v2/jscode2session",
      "/api/apps/v2/jscode2session",
      "/device/login",
    ]);
    const [refused, exchanged] = calls;
    expect(exchanged).toMatchObject({ method: "POST", status: 200, errNo: 0 });
    expect(refused.status).toBe(200);
    expect(refused.errNo).not.toBe(0);
    expect(refused.id).toBeGreaterThan(exchanged.id);
    expect(Date.parse(refused.at)).not.toBeNaN();
    const filtered = (await get(emulator.url, "/emulator/calls?path=device")).json.calls;
    expect(filtered.map((c: { path: string }) => c.path)).toEqual(["/device/login"]);
  });

  it("logs a faulted call with the injected status and a dropped one with status 0", async () => {
    const fault = (body: object) =>
      post(emulator.url, "/emulator/faults", {
        path: "/api/apps/v2/jscode2session",
        times: 1,
        ...body,
      });
    expect((await fault({ status: 503 })).status).toBe(200);
    await exchange(emulator.url, { ...credentials, code: "whatever" });
    expect((await fault({ drop: true })).status).toBe(200);
    await expect(exchange(emulator.url, { ...credentials, code: "whatever" })).rejects.toThrow();
    const statuses = await eventually(
      async () =>
        (await get(emulator.url, "/emulator/calls")).json.calls.map(
          (c: { status: number }) => c.status,
        ),
      (seen: number[]) => seen.length === 2,
    );
    expect(statuses).toEqual([0, 503]);
  });

  it("streams each new call as a server-sent event", async () => {
    const abort = new AbortController();
    const response = await fetch(`${emulator.url}/emulator/calls/stream`, {
      signal: abort.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await deviceLogin(emulator.url, { user: "bea" });
    let text = "";
    while (!text.includes("\n\nevent: call")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    while (!/data: .*\n\n/.test(text.slice(text.indexOf("event: call")))) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    const data = /event: call\ndata: (.*)\n\n/.exec(text)?.[1] ?? "{}";
    expect(JSON.parse(data)).toMatchObject({ method: "POST", path: "/device/login", status: 200 });
  });

  it("logs the err_no of a phone's failure, of an error answer and of an injected error", async () => {
    const failed = await post(emulator.url, "/device/phone-number", {
      user: "nobody",
      flow: "code",
    });
    await post(emulator.url, "/emulator/faults", {
      path: "/api/apps/v2/token",
      status: 500,
      errNo: 40020,
    });
    await post(emulator.url, "/api/apps/v2/token", {
      ...credentials,
      grant_type: "client_credential",
    });
    const [injected, phone] = (await get(emulator.url, "/emulator/calls")).json.calls;
    expect(phone).toMatchObject({ path: "/device/phone-number", errNo: failed.json.errNo });
    expect(failed.json.errNo).toEqual(expect.any(Number));
    expect(injected).toMatchObject({ path: "/api/apps/v2/token", status: 500, errNo: 40020 });
  });

  it("refuses unknown query fields", async () => {
    expect((await get(emulator.url, "/emulator/calls?since=3")).status).toBe(400);
  });
});

describe("personas", () => {
  it("lists who logged in with ids and a masked session key, revealed on request", async () => {
    await deviceLogin(emulator.url, { user: "cid" });
    const [persona] = (await get(emulator.url, "/emulator/personas")).json.personas;
    const session = (await get(emulator.url, "/emulator/session?user=cid")).json;
    expect(persona).toMatchObject({
      appid: DEFAULT_APP.appid,
      persona: "cid",
      loggedIn: true,
      openid: session.openid,
      unionid: session.unionid,
      grants: [],
      inbox: [],
    });
    expect(persona.sessionKey).not.toBe(session.sessionKey);
    expect(persona.sessionKey).toMatch(/^.{3}….{3}$/);
    const revealed = await get(
      emulator.url,
      `/emulator/personas/session-key?appid=${DEFAULT_APP.appid}&user=cid`,
    );
    expect(revealed.json.sessionKey).toBe(session.sessionKey);
  });

  it("refuses to reveal the key of a persona that has not logged in", async () => {
    const answer = await get(
      emulator.url,
      `/emulator/personas/session-key?appid=${DEFAULT_APP.appid}&user=nobody`,
    );
    expect(answer.status).toBe(400);
  });
});

describe("codes", () => {
  it("lists issued codes with their persona and state: unused, used", async () => {
    const first = await deviceLogin(emulator.url, { user: "dot" });
    const second = await deviceLogin(emulator.url, { user: "dot" });
    await exchange(emulator.url, { ...credentials, code: first.code });
    const { codes } = (await get(emulator.url, "/emulator/codes")).json;
    const byCode = new Map(codes.map((c: { code: string }) => [c.code, c]));
    expect(byCode.get(first.code)).toMatchObject({ kind: "login", persona: "dot", state: "used" });
    expect(byCode.get(second.code)).toMatchObject({ kind: "login", state: "unused", usedAt: null });
    expect(byCode.get(second.anonymousCode)).toMatchObject({ kind: "anonymous", state: "unused" });
  });

  it("shows a code past its life as expired", async () => {
    const { code } = await deviceLogin(emulator.url, { user: "eve" });
    await post(emulator.url, "/emulator/clock", { advanceMs: 10 * 60 * 1000 });
    const { codes } = (await get(emulator.url, "/emulator/codes")).json;
    expect(codes.find((c: { code: string }) => c.code === code)?.state).toBe("expired");
    await fetch(`${emulator.url}/emulator/clock`, { method: "DELETE" });
  });
});

describe("the page", () => {
  it("is served at / with its script and style, under a strict content security policy", async () => {
    const page = await fetch(`${emulator.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('src="/emulator/dashboard/dashboard.js"');
    expect(html).not.toMatch(/\bhttps?:\/\/(?!127\.0\.0\.1)/);
    for (const [asset, type] of [
      ["dashboard.js", /^text\/javascript/],
      ["dashboard.css", /^text\/css/],
    ] as const) {
      const answer = await fetch(`${emulator.url}/emulator/dashboard/${asset}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toMatch(type);
      expect(await answer.text()).not.toMatch(/\bhttps?:\/\/(?!127\.0\.0\.1)/);
    }
    expect((await fetch(`${emulator.url}/emulator/dashboard/secrets.json`)).status).toBe(404);
  });

  it("is neither counted nor logged as a platform call, and cannot be faulted", async () => {
    await fetch(`${emulator.url}/`);
    expect((await get(emulator.url, "/emulator/stats")).json.calls).toEqual({});
    expect((await get(emulator.url, "/emulator/calls")).json.calls).toEqual([]);
    expect((await post(emulator.url, "/emulator/faults", { path: "/", status: 500 })).status).toBe(
      400,
    );
  });
});

describe("faults by path", () => {
  it("switches off one path's faults and leaves the others", async () => {
    await post(emulator.url, "/emulator/faults", { path: "/api/apps/v2/token", status: 503 });
    await post(emulator.url, "/emulator/faults", { path: "/oauth/client_token/", status: 503 });
    const off = await call(emulator.url, "DELETE", "/emulator/faults?path=/api/apps/v2/token");
    expect(off.status).toBe(200);
    const { faults } = (await get(emulator.url, "/emulator/faults")).json;
    expect(faults.map((f: { path: string }) => f.path)).toEqual(["/oauth/client_token/"]);
  });
});

describe("the relay", () => {
  it("posts a body to a loopback URL and answers its status and body", async () => {
    let received = "";
    const server = createServer((request, response) => {
      request.on("data", (chunk: Buffer) => {
        received += chunk.toString();
      });
      request.on("end", () => {
        response.writeHead(201, { "content-type": "application/json" });
        response.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await post(emulator.url, "/emulator/relay", {
        url: `http://127.0.0.1:${port}/api/auth/login`,
        body: { code: "abc" },
      });
      expect(answer.json).toEqual({ status: 201, body: { ok: true } });
      expect(JSON.parse(received)).toEqual({ code: "abc" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses anything but a loopback URL, and says so when nothing answers", async () => {
    for (const url of ["http://example.com/login", "file:///etc/passwd", "http://10.0.0.1/"]) {
      expect((await post(emulator.url, "/emulator/relay", { url, body: {} })).status).toBe(400);
    }
    const nobody = await post(emulator.url, "/emulator/relay", {
      url: "http://127.0.0.1:1/login",
      body: {},
    });
    expect(nobody.json).toMatchObject({ status: 0, body: null });
  });
});
