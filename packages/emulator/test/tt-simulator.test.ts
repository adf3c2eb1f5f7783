import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/index.ts";
import {
  createTt,
  MemoryStorage,
  NotSimulatedError,
  type SimulatedTt,
} from "../src/tt-simulator/index.ts";

interface Outcome {
  kind: "success" | "fail";
  result: Record<string, unknown>;
  /** What `complete` received (always called, after success or fail). */
  completed: unknown;
  /** True when the callbacks ran after the call had returned. */
  async: boolean;
}

/** Calls a callback-style tt API and waits for `complete`. */
function settle(api: unknown, options: Record<string, unknown> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let returned = false;
    let kind: Outcome["kind"] | undefined;
    let result: Record<string, unknown> = {};
    (api as (options: object) => unknown)({
      ...options,
      success: (value: Record<string, unknown>) => {
        kind = "success";
        result = value;
      },
      fail: (value: Record<string, unknown>) => {
        kind = "fail";
        result = value;
      },
      complete: (completed: unknown) =>
        resolve({ kind: kind ?? "fail", result, completed, async: returned }),
    });
    returned = true;
  });
}

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "tt-simulator" });
});
afterAll(() => emulator.close());

async function emulatorJson(path: string, init?: RequestInit) {
  const response = await fetch(`${emulator.url}${path}`, init);
  return (await response.json()) as Record<string, unknown>;
}

describe("tt.login against the emulator", () => {
  beforeEach(() => fetch(`${emulator.url}/emulator/reset`, { method: "POST" }));

  it("gets a code and an anonymous code from /device/login, with Douyin's callbacks", async () => {
    const tt = createTt({ emulatorUrl: emulator.url, user: "alice" });
    const outcome = await settle(tt.login, { force: false });

    expect(outcome.kind).toBe("success");
    expect(outcome.async).toBe(true);
    expect(outcome.result).toEqual({
      errMsg: "login:ok",
      code: expect.any(String),
      anonymousCode: expect.any(String),
      isLogin: true,
    });
    expect(outcome.result.code).not.toBe("");
    expect(outcome.completed).toBe(outcome.result);
    expect(tt.$sim.logins).toEqual([
      { code: outcome.result.code, anonymousCode: outcome.result.anonymousCode, isLogin: true },
    ]);
    const stats = await emulatorJson("/emulator/stats");
    expect(stats.calls).toMatchObject({ "/device/login": 1 });
    // The persona now has a session on the platform side.
    const session = await emulatorJson("/emulator/session?user=alice");
    expect(session.openid).toEqual(expect.any(String));
  });

  it("gives only an anonymous code to a user who is not logged in to Douyin", async () => {
    const tt = createTt({ emulatorUrl: emulator.url, user: "guest-1", loggedIn: false });
    const outcome = await settle(tt.login, { force: false });
    expect(outcome.result).toMatchObject({ errMsg: "login:ok", code: "", isLogin: false });
    expect(outcome.result.anonymousCode).not.toBe("");
  });

  it("follows persona changes made through $sim", async () => {
    const tt = createTt({ emulatorUrl: emulator.url, user: "carol", loggedIn: false });
    tt.$sim.persona.loggedIn = true;
    const outcome = await settle(tt.login);
    expect(outcome.result.isLogin).toBe(true);
  });

  it("hands over a device-side failure as fail with errMsg and errNo", async () => {
    await fetch(`${emulator.url}/emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/device/login", errNo: 21_500 }),
    });
    const tt = createTt({ emulatorUrl: emulator.url });
    const outcome = await settle(tt.login);
    expect(outcome.kind).toBe("fail");
    expect(outcome.result.errNo).toBe(21_500);
    expect(outcome.result.errMsg).toMatch(/^login:fail /);
  });

  it("fails with a network error when the emulator is unreachable", async () => {
    const tt = createTt({ emulatorUrl: "http://127.0.0.1:9" });
    const outcome = await settle(tt.login);
    expect(outcome.kind).toBe("fail");
    expect(outcome.result.errMsg).toMatch(/^login:fail network error/);
  });
});

describe("tt.request over real HTTP", () => {
  interface Seen {
    method: string;
    url: string;
    headers: IncomingMessage["headers"];
    body: string;
  }
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        seen.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body,
        });
        const path = (request.url ?? "").split("?")[0];
        if (path === "/slow") return void setTimeout(() => response.end("late"), 2_000);
        if (path === "/text") return void response.end("plain words");
        if (path === "/problem") {
          response.writeHead(401, { "content-type": "application/problem+json" });
          return void response.end(JSON.stringify({ code: "UNAUTHORIZED", status: 401 }));
        }
        if (path === "/empty") {
          response.writeHead(204);
          return void response.end();
        }
        response.writeHead(200, { "content-type": "application/json", "x-trace": "abc" });
        response.end(JSON.stringify({ ok: true, echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  // As in devtools with "不校验合法域名…" ticked: plain http to the local server.
  const tt = () => createTt({ emulatorUrl: emulator.url, urlCheck: false });

  it("sends POST data as JSON with the default content type and parses the JSON answer", async () => {
    const client = tt();
    const outcome = await settle(client.request, {
      url: `${base}/json`,
      method: "POST",
      data: { hello: "world" },
      header: { Authorization: "Bearer t0k", referer: "https://spoof.example" },
    });
    expect(outcome.kind).toBe("success");
    expect(outcome.result).toMatchObject({
      errMsg: "request:ok",
      statusCode: 200,
      data: { ok: true, echo: '{"hello":"world"}' },
    });
    expect((outcome.result.header as Record<string, string>)["x-trace"]).toBe("abc");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(seen[0]?.headers.authorization).toBe("Bearer t0k");
    expect(seen[0]?.headers.referer).toBeUndefined();
    expect(client.$sim.requests[0]).toMatchObject({
      method: "POST",
      url: `${base}/json`,
      statusCode: 200,
      responseData: { ok: true, echo: '{"hello":"world"}' },
    });
  });

  it("puts GET data in the query string", async () => {
    await settle(tt().request, { url: `${base}/json?a=1`, data: { b: "x y", c: 2, d: undefined } });
    expect(seen[0]).toMatchObject({ method: "GET", url: "/json?a=1&b=x+y&c=2", body: "" });
  });

  it("calls success for error statuses too, and keeps text that is not JSON", async () => {
    const problem = await settle(tt().request, { url: `${base}/problem` });
    expect(problem.kind).toBe("success");
    expect(problem.result).toMatchObject({ statusCode: 401, data: { code: "UNAUTHORIZED" } });
    const text = await settle(tt().request, { url: `${base}/text` });
    expect(text.result.data).toBe("plain words");
    const empty = await settle(tt().request, { url: `${base}/empty`, method: "POST" });
    expect(empty.result).toMatchObject({ statusCode: 204, data: "" });
  });

  it("fails on timeout, on abort, on a refused connection and on a bad URL", async () => {
    const timedOut = await settle(tt().request, { url: `${base}/slow`, timeout: 50 });
    expect(timedOut).toMatchObject({ kind: "fail", result: { errMsg: "request:fail timeout" } });

    const client = tt();
    const aborted = new Promise<Outcome>((resolve) => {
      const task = client.request({
        url: `${base}/slow`,
        complete: (result) =>
          resolve({ kind: "fail", result: result as never, completed: result, async: true }),
      });
      task.abort();
    });
    expect((await aborted).result.errMsg).toBe("request:fail abort");

    const refused = await settle(tt().request, { url: "http://127.0.0.1:9/" });
    expect(refused.kind).toBe("fail");
    expect(refused.result.errMsg).toMatch(/^request:fail /);

    const relative = await settle(tt().request, { url: "/api/me" });
    expect(relative.result.errMsg).toBe("request:fail invalid url /api/me");
  });
});

describe("storage", () => {
  let tt: SimulatedTt;
  beforeEach(() => {
    tt = createTt({ emulatorUrl: emulator.url });
  });

  it("stores JSON copies: later changes to the original do not leak in", () => {
    const session = { token: "a", nested: { n: 1 }, when: new Date("2024-01-02T03:04:05Z") };
    tt.setStorageSync("session", session);
    session.nested.n = 2;
    const read = tt.getStorageSync("session");
    expect(read).toEqual({ token: "a", nested: { n: 1 }, when: "2024-01-02T03:04:05.000Z" });
    expect(tt.getStorageSync("session")).not.toBe(read);
  });

  it('answers "" for a missing key and forgets removed and cleared keys', () => {
    expect(tt.getStorageSync("nothing")).toBe("");
    tt.setStorageSync("a", 1);
    tt.setStorageSync("b", [true]);
    expect(tt.getStorageInfoSync().keys).toEqual(["a", "b"]);
    tt.removeStorageSync("a");
    expect(tt.getStorageSync("a")).toBe("");
    tt.clearStorageSync();
    expect(tt.getStorageInfoSync()).toMatchObject({ keys: [], currentSize: 0, limitSize: 10_240 });
  });

  it("throws for data that JSON cannot hold and for bad keys", () => {
    expect(() => tt.setStorageSync("f", () => 1)).toThrow(/^setStorageSync:fail /);
    expect(() => tt.setStorageSync("", 1)).toThrow(/key must be a non-empty string/);
    expect(() => tt.setStorageSync("big", "x".repeat(1024 * 1024 + 1))).toThrow(/exceeds 1 MB/);
  });

  it("has async variants with callbacks", async () => {
    const set = await settle(tt.setStorage, { key: "k", data: { v: 1 } });
    expect(set.result).toEqual({ errMsg: "setStorage:ok" });
    const got = await settle(tt.getStorage, { key: "k" });
    expect(got.result).toEqual({ errMsg: "getStorage:ok", data: { v: 1 } });
    const bad = await settle(tt.setStorage, { key: "k", data: undefined });
    expect(bad.kind).toBe("fail");
  });

  it("can be shared between tt objects, like storage surviving an app restart", () => {
    const storage = new MemoryStorage();
    createTt({ emulatorUrl: emulator.url, storage }).setStorageSync("kept", "yes");
    expect(createTt({ emulatorUrl: emulator.url, storage }).getStorageSync("kept")).toBe("yes");
  });
});

describe("screen and system info", () => {
  it("records toasts, loading and modals for the test to read", async () => {
    const tt = createTt({
      emulatorUrl: emulator.url,
      answerModal: () => ({ confirm: false, cancel: true }),
    });
    await settle(tt.showLoading, { title: "Loading" });
    expect(tt.$sim.screen.loading).toBe("Loading");
    await settle(tt.hideLoading);
    await settle(tt.showToast, { title: "Saved", icon: "none" });
    const modal = await settle(tt.showModal, { title: "Sure?", content: "Really" });
    expect(modal.result).toEqual({ errMsg: "showModal:ok", confirm: false, cancel: true });
    expect(tt.$sim.ui).toEqual([
      { type: "showLoading", title: "Loading" },
      { type: "hideLoading" },
      { type: "showToast", title: "Saved", icon: "none", duration: 1500 },
      {
        type: "showModal",
        title: "Sure?",
        content: "Really",
        answer: { confirm: false, cancel: true },
      },
    ]);
    expect(tt.$sim.screen).toEqual({ toast: "Saved", loading: null });
  });

  it("answers getSystemInfo like a phone, with overrides, a fresh copy each time", async () => {
    const tt = createTt({ emulatorUrl: emulator.url, systemInfo: { platform: "android" } });
    const info = tt.getSystemInfoSync();
    expect(info).toMatchObject({ appName: "Douyin", platform: "android", pixelRatio: 3 });
    expect(info.safeArea).toMatchObject({ top: 47, width: 390 });
    info.safeArea.top = 0;
    expect(tt.getSystemInfoSync().safeArea.top).toBe(47);
    const outcome = await settle(tt.getSystemInfo);
    expect(outcome.result).toMatchObject({ errMsg: "getSystemInfo:ok", platform: "android" });
  });
});

describe("APIs that are not simulated", () => {
  it("throw a NotSimulatedError naming the API, and are not reported as available", () => {
    const tt = createTt({ emulatorUrl: emulator.url });
    const chooseImage = tt.chooseImage as (options: object) => void;
    expect(() => chooseImage({})).toThrow(NotSimulatedError);
    expect(() => chooseImage({})).toThrow("not simulated: tt.chooseImage");
    expect("chooseImage" in tt).toBe(false);
    expect(tt.canIUse("chooseImage")).toBe(false);
    expect(tt.canIUse("getLocation")).toBe(true);
    expect(tt.canIUse("request.success.statusCode")).toBe(true);
  });

  it("do not make tt look like a promise", async () => {
    const tt = createTt({ emulatorUrl: emulator.url });
    expect(tt.then).toBeUndefined();
    await expect(Promise.resolve(tt)).resolves.toBe(tt);
  });
});

describe("callbacks that throw", () => {
  it("are reported to $sim.errors and the listeners, not swallowed", async () => {
    const tt = createTt({ emulatorUrl: emulator.url });
    const heard: unknown[] = [];
    tt.$sim.onError((error) => heard.push(error));
    const boom = new Error("boom");
    await new Promise<void>((resolve) => {
      tt.showToast({
        title: "x",
        success: () => {
          throw boom;
        },
        complete: () => resolve(),
      });
    });
    expect(tt.$sim.errors).toEqual([boom]);
    expect(heard).toEqual([boom]);
  });
});
