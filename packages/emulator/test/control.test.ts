import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, DEFAULT_APPS, type RunningEmulator, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, get, JSCODE2SESSION, post, until } from "./support/http.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "control-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

describe("control endpoints", () => {
  it("list the apps (templates and keys: see apps.test.ts)", async () => {
    const { apps } = (await get(emulator.url, "/emulator/apps")).json;
    expect(
      apps.map(({ appid, secret }: { appid: string; secret: string }) => ({ appid, secret })),
    ).toEqual(DEFAULT_APPS);
    expect(emulator.apps.map(({ appid, secret }) => ({ appid, secret }))).toEqual(DEFAULT_APPS);
  });

  it("count platform and device calls by path, not control calls", async () => {
    await deviceLogin(emulator.url);
    await deviceLogin(emulator.url);
    await exchange(emulator.url, { ...DEFAULT_APP, code: "x" });
    await post(emulator.url, "/nowhere?with=query");
    await get(emulator.url, "/emulator/apps");
    expect((await get(emulator.url, "/emulator/stats")).json).toEqual({
      calls: { "/device/login": 2, [JSCODE2SESSION]: 1, "/nowhere": 1 },
      cloudCalls: {},
      inFlight: 0,
      webhooksPending: 0,
    });
  });

  it("count the calls still being answered, held or dropped ones until they end", async () => {
    const stats = async () => (await get(emulator.url, "/emulator/stats")).json;
    await post(emulator.url, "/emulator/faults", { path: "/device/login", delayMs: 300, times: 1 });
    const held = deviceLogin(emulator.url);
    await until(stats, (now) => now.inFlight === 1);
    await held;
    expect((await stats()).inFlight).toBe(0);

    await post(emulator.url, "/emulator/faults", { path: "/device/login", drop: true, times: 1 });
    await expect(deviceLogin(emulator.url)).rejects.toThrow();
    await until(stats, (now) => now.inFlight === 0);
    await post(emulator.url, "/emulator/faults", { path: JSCODE2SESSION, errNo: -1, times: 1 });
    await exchange(emulator.url, { ...DEFAULT_APP, code: "x" });
    expect((await stats()).inFlight).toBe(0);
  });

  it("move the clock forward", async () => {
    const before = (await get(emulator.url, "/emulator/clock")).json;
    const moved = await post(emulator.url, "/emulator/clock", { advanceMs: 3_600_000 });
    expect(moved.json.now - before.now).toBeGreaterThanOrEqual(3_600_000);
    expect((await get(emulator.url, "/emulator/clock")).json.offsetMs).toBe(3_600_000);
  });

  it("put the clock back to real time, and nothing else", async () => {
    const login = await deviceLogin(emulator.url);
    await post(emulator.url, "/emulator/clock", { advanceMs: 60_000 });
    const back = await fetch(`${emulator.url}/emulator/clock`, { method: "DELETE" });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { offsetMs: number }).offsetMs).toBe(0);
    expect((await get(emulator.url, "/emulator/clock")).json.offsetMs).toBe(0);
    // The session of the login before is still there: only time moved.
    expect((await exchange(emulator.url, { ...DEFAULT_APP, code: login.code })).json.err_no).toBe(
      0,
    );
  });

  it("reset codes, sessions, stats, faults and the clock", async () => {
    const login = await deviceLogin(emulator.url);
    await post(emulator.url, "/emulator/clock", { advanceMs: 1000 });
    await post(emulator.url, "/emulator/faults", { path: "/device/login", errNo: -1 });
    expect((await post(emulator.url, "/emulator/reset")).json).toEqual({ ok: true });

    expect((await get(emulator.url, "/emulator/clock")).json.offsetMs).toBe(0);
    expect((await get(emulator.url, "/emulator/stats")).json).toEqual({
      calls: {},
      cloudCalls: {},
      inFlight: 0,
      webhooksPending: 0,
    });
    expect((await get(emulator.url, "/emulator/faults")).json).toEqual({ faults: [] });
    expect((await get(emulator.url, "/emulator/session")).status).toBe(404);
    const answer = await exchange(emulator.url, { ...DEFAULT_APP, code: login.code });
    expect(answer.json.err_no).toBe(40018);
  });

  it("answer unknown routes with a JSON 404", async () => {
    const answer = await get(emulator.url, "/emulator/nothing");
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: "not_found" });
  });
});

describe("input validation (400 JSON with a message)", () => {
  it.each([
    ["/device/login", { appid: "tt_unknown" }],
    ["/device/login", { user: "" }],
    ["/device/login", { user: "a".repeat(65) }],
    ["/device/login", { user: "with space" }],
    ["/device/login", { user: 7 }],
    ["/device/login", { loggedIn: "yes" }],
    ["/device/login", { unknown: 1 }],
    ["/device/login", [1, 2]],
    ["/emulator/clock", {}],
    ["/emulator/clock", { advanceMs: -5 }],
    ["/emulator/clock", { advanceMs: "10" }],
    ["/emulator/clock", { advanceMs: 1.5 }],
  ])("POST %s %j", async (path, body) => {
    const answer = await post(emulator.url, path, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: "bad_request", message: expect.any(String) });
  });

  it.each([
    "/emulator/session?user=bad%20name",
    "/emulator/session?user=a&user=b",
    "/emulator/session?other=1",
  ])("GET %s", async (path) => {
    const answer = await get(emulator.url, path);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("bad_request");
  });

  it("accepts a device login without a body", async () => {
    const answer = await post(emulator.url, "/device/login");
    expect(answer.status).toBe(200);
    expect(answer.json.isLogin).toBe(true);
  });
});
