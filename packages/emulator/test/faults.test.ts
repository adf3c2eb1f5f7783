import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import { call, deviceLogin, exchange, get, JSCODE2SESSION, post } from "./support/http.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "fault-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

const addFault = async (rule: Record<string, unknown>) => {
  const answer = await post(emulator.url, "/emulator/faults", rule);
  expect(answer.status).toBe(200);
  return answer.json.fault;
};
const exchangeBusy = () => exchange(emulator.url, { ...DEFAULT_APP, code: "whatever" });

describe("faults", () => {
  it("answer an HTTP status with a small non-JSON body, once by default", async () => {
    await addFault({ path: JSCODE2SESSION, status: 503 });
    const faulted = await exchangeBusy();
    expect(faulted.status).toBe(503);
    expect(faulted.contentType).toContain("text/html");
    expect(faulted.text).toContain("503");
    const next = await exchangeBusy();
    expect(next.status).toBe(200);
    expect(next.json.err_no).toBe(40018);
  });

  it("answer an err_no in the path's own envelope", async () => {
    await addFault({ path: JSCODE2SESSION, errNo: -1 });
    const busy = await exchangeBusy();
    expect(busy.status).toBe(200);
    expect(busy.json).toEqual({ err_no: -1, err_tips: expect.any(String), data: null });

    await addFault({ path: "/device/login", errNo: 10 });
    const device = await post(emulator.url, "/device/login", {});
    expect(device.json).toEqual({ errNo: 10, errMsg: expect.stringMatching(/^login:fail /) });
  });

  it("combine a status with an err_no into a non-2xx JSON answer", async () => {
    await addFault({ path: JSCODE2SESSION, status: 500, errNo: -1 });
    const answer = await exchangeBusy();
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({ err_no: -1, data: null });
  });

  it("delay the real answer", async () => {
    await addFault({ path: "/device/login", delayMs: 300 });
    const started = performance.now();
    const login = await deviceLogin(emulator.url);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(login.isLogin).toBe(true);
  });

  it("delay a faulted answer without running the handler", async () => {
    const login = await deviceLogin(emulator.url);
    await addFault({ path: JSCODE2SESSION, delayMs: 200, errNo: -1 });
    const started = performance.now();
    const busy = await exchange(emulator.url, { ...DEFAULT_APP, code: login.code });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(busy.json.err_no).toBe(-1);
    // The faulted call never reached the handler: the code is still good.
    const real = await exchange(emulator.url, { ...DEFAULT_APP, code: login.code });
    expect(real.json.err_no).toBe(0);
  });

  it("run the handler behind a delay alone, even when the client gives up", async () => {
    const login = await deviceLogin(emulator.url);
    await addFault({ path: JSCODE2SESSION, delayMs: 400 });
    const impatient = fetch(`${emulator.url}${JSCODE2SESSION}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...DEFAULT_APP, code: login.code }),
      signal: AbortSignal.timeout(100),
    });
    await expect(impatient).rejects.toThrow();
    const retry = await exchange(emulator.url, { ...DEFAULT_APP, code: login.code });
    expect(retry.json.err_no).toBe(40018);
  });

  it("drop the connection without answering", async () => {
    await addFault({ path: JSCODE2SESSION, drop: true });
    await expect(exchangeBusy()).rejects.toThrow();
    expect((await exchangeBusy()).status).toBe(200);
  });

  it("apply `times` times", async () => {
    await addFault({ path: JSCODE2SESSION, errNo: -1, times: 2 });
    expect((await exchangeBusy()).json.err_no).toBe(-1);
    expect((await exchangeBusy()).json.err_no).toBe(-1);
    expect((await exchangeBusy()).json.err_no).toBe(40018);
  });

  it("apply to a deterministic ratio of calls under a seed", async () => {
    const pattern = async () => {
      await post(emulator.url, "/emulator/reset");
      await addFault({ path: JSCODE2SESSION, errNo: -1, ratio: 0.5 });
      const results: number[] = [];
      for (let i = 0; i < 40; i++) results.push((await exchangeBusy()).json.err_no);
      return results;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const faulted = first.filter((errNo) => errNo === -1).length;
    expect(faulted).toBeGreaterThan(5);
    expect(faulted).toBeLessThan(35);
  });

  it("are listed and cleared", async () => {
    await addFault({ path: JSCODE2SESSION, errNo: -1, times: 3 });
    await addFault({ path: "/device/login", status: 502, ratio: 0.1 });
    const listed = (await get(emulator.url, "/emulator/faults")).json.faults;
    expect(listed).toMatchObject([
      { path: JSCODE2SESSION, errNo: -1, remaining: 3 },
      { path: "/device/login", status: 502, remaining: null },
    ]);
    expect((await call(emulator.url, "DELETE", "/emulator/faults")).json).toEqual({ ok: true });
    expect((await get(emulator.url, "/emulator/faults")).json.faults).toEqual([]);
    expect((await exchangeBusy()).json.err_no).toBe(40018);
  });

  it.each([
    [{}],
    [{ path: JSCODE2SESSION }],
    [{ path: "no-slash", errNo: -1 }],
    [{ path: "/emulator/stats", errNo: -1 }],
    [{ path: JSCODE2SESSION, status: 99 }],
    [{ path: JSCODE2SESSION, errNo: 0 }],
    [{ path: JSCODE2SESSION, errNo: 1.5 }],
    [{ path: JSCODE2SESSION, delayMs: -1 }],
    [{ path: JSCODE2SESSION, drop: "yes" }],
    [{ path: JSCODE2SESSION, errNo: -1, times: 0 }],
    [{ path: JSCODE2SESSION, errNo: -1, ratio: 2 }],
    [{ path: JSCODE2SESSION, errNo: -1, typo: true }],
  ])("refuse the invalid rule %j", async (rule) => {
    const answer = await post(emulator.url, "/emulator/faults", rule);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "bad_request", message: expect.any(String) });
  });
});

describe("faults on every platform and device path", () => {
  it.each([
    ["POST", "/api/apps/v2/token", { err_no: 7, err_tips: expect.any(String), data: null }],
    [
      "POST",
      "/oauth/client_token/",
      { message: "error", data: { error_code: 7, description: expect.any(String) } },
    ],
    [
      "POST",
      "/api/notification/v2/subscription/notify_user/",
      { err_no: 7, err_msg: expect.any(String), log_id: expect.any(String), data: null },
    ],
    [
      "POST",
      "/api/apps/subscribe_notification/developer/v1/notify",
      { err_no: 7, err_tips: expect.any(String), data: null },
    ],
    [
      "POST",
      "/api/apps/v1/get_phonenumber_info/",
      expect.objectContaining({ err_no: 7, log_id: expect.any(String) }),
    ],
    ["POST", "/api/apps/qrcode", { errcode: 7, errmsg: expect.any(String) }],
    [
      "POST",
      "/api/v2/tags/text/antidirt",
      {
        error_id: expect.any(String),
        code: 7,
        message: expect.any(String),
        exception: expect.any(String),
      },
    ],
    [
      "POST",
      "/device/subscribe",
      { errNo: 7, errMsg: expect.stringMatching(/^requestSubscribeMessage:fail /) },
    ],
    [
      "POST",
      "/device/user-profile",
      { errNo: 7, errMsg: expect.stringMatching(/^getUserProfile:fail /) },
    ],
    ["GET", "/device/location", { errNo: 7, errMsg: expect.stringMatching(/^getLocation:fail /) }],
  ] as const)(
    "%s %s answers an injected errNo in its own envelope",
    async (method, path, envelope) => {
      await addFault({ path, errNo: 7 });
      const answer = await call(emulator.url, method, path, method === "POST" ? {} : undefined);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(envelope);
      const stats = (await get(emulator.url, "/emulator/stats")).json.calls;
      expect(stats[path]).toBe(1);
    },
  );

  it("delay and drop the new paths too", async () => {
    await addFault({ path: "/oauth/client_token/", drop: true });
    await expect(post(emulator.url, "/oauth/client_token/", {})).rejects.toThrow();
    await addFault({ path: "/api/apps/qrcode", status: 503 });
    const faulted = await post(emulator.url, "/api/apps/qrcode", {});
    expect(faulted.status).toBe(503);
    expect(faulted.contentType).toContain("text/html");
  });
});
