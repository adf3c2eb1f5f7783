import { type RunningEmulator, startEmulator } from "@tt/emulator";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createDouyinClient,
  type DouyinClient,
  type DouyinClientConfig,
  type DouyinError,
  DouyinInputError,
  isDouyinError,
} from "../src/index.ts";

// Facts about the emulator, written here rather than imported from its internals.
const APP = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
const JSCODE2SESSION = "/api/apps/v2/jscode2session";

let emulator: RunningEmulator;
let client: DouyinClient;
/** Every value that must never show up in an error message. */
const sensitive = new Set<string>([APP.secret]);
const errors: unknown[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "sdk-tests" });
  client = clientWith({});
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control("POST", "/emulator/reset");
});

function clientWith(overrides: Partial<DouyinClientConfig>): DouyinClient {
  return createDouyinClient({
    ...APP,
    environment: "emulator",
    emulatorUrl: emulator.url,
    timeoutMs: 2000,
    ...overrides,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: control answers are arbitrary JSON
async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

async function login(body: { user?: string; loggedIn?: boolean; appid?: string } = {}) {
  const answer = (await control("POST", "/device/login", body)) as {
    code: string;
    anonymousCode: string;
  };
  sensitive.add(answer.code).add(answer.anonymousCode);
  return answer;
}

async function failureOf(promise: Promise<unknown>): Promise<DouyinError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  errors.push(error);
  expect(isDouyinError(error)).toBe(true);
  return error as DouyinError;
}

/** Waits until the emulator has sent every answer it was holding back. */
async function settled(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await control("GET", "/emulator/stats")).inFlight > 0) {
    if (Date.now() > deadline) throw new Error("the emulator is still answering after 5 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const exchangeCalls = async (): Promise<number> =>
  (await control("GET", "/emulator/stats")).calls[JSCODE2SESSION] ?? 0;

describe("code2session against the emulator", () => {
  it("exchanges a login code", async () => {
    const { code } = await login({ user: "alice" });
    const result = await client.code2session({ code });
    const session = await control("GET", "/emulator/session?user=alice");
    sensitive.add(session.sessionKey);
    expect(result).toEqual({
      sessionKey: session.sessionKey,
      openid: session.openid,
      unionid: session.unionid,
    });
  });

  it("exchanges an anonymous code alone: no session key comes with it", async () => {
    const { code, anonymousCode } = await login({ user: "bob", loggedIn: false });
    expect(code).toBe("");
    const result = await client.code2session({ code, anonymousCode });
    const session = await control("GET", "/emulator/session?user=bob");
    expect(result).toEqual({ anonymousOpenid: session.anonymousOpenid });
  });

  it("exchanges both codes at once", async () => {
    const { code, anonymousCode } = await login({ user: "carol" });
    const result = await client.code2session({ code, anonymousCode });
    expect(Object.keys(result).sort()).toEqual([
      "anonymousOpenid",
      "openid",
      "sessionKey",
      "unionid",
    ]);
  });

  it("refuses a reused code: user-action 40018", async () => {
    const { code } = await login();
    await client.code2session({ code });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({
      platformCode: 40018,
      category: "user-action",
      kind: "platform",
      httpStatus: 200,
      path: JSCODE2SESSION,
    });
  });

  it("refuses an expired code: 40018", async () => {
    const { code } = await login();
    await control("POST", "/emulator/clock", { advanceMs: 181_000 });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({ platformCode: 40018, category: "user-action" });
  });

  it("refuses a bad anonymous code: 40019", async () => {
    const error = await failureOf(client.code2session({ anonymousCode: "never-issued" }));
    expect(error).toMatchObject({ platformCode: 40019, category: "user-action" });
  });

  it("reports an unknown appid as configuration 40015", async () => {
    const { code } = await login();
    const error = await failureOf(clientWith({ appid: "tt_unknown" }).code2session({ code }));
    expect(error).toMatchObject({ platformCode: 40015, category: "configuration" });
  });

  it("reports a wrong secret as configuration 40017", async () => {
    const { code } = await login();
    const wrongSecret = "tt_wrong_secret";
    sensitive.add(wrongSecret);
    const error = await failureOf(clientWith({ secret: wrongSecret }).code2session({ code }));
    expect(error).toMatchObject({ platformCode: 40017, category: "configuration" });
  });

  it("reports system busy (-1) as retryable", async () => {
    const { code } = await login();
    await control("POST", "/emulator/faults", { path: JSCODE2SESSION, errNo: -1 });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({ platformCode: -1, category: "retryable", kind: "platform" });
  });

  it("reports HTTP 503 as a retryable http failure", async () => {
    const { code } = await login();
    await control("POST", "/emulator/faults", { path: JSCODE2SESSION, status: 503 });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({
      kind: "http",
      httpStatus: 503,
      platformCode: "http_503",
      category: "retryable",
    });
  });

  it("reports a non-2xx JSON envelope with its code", async () => {
    const { code } = await login();
    await control("POST", "/emulator/faults", { path: JSCODE2SESSION, status: 500, errNo: -1 });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({ kind: "http", httpStatus: 500, platformCode: -1 });
  });

  it("times out, and does not retry: the code would be burnt", async () => {
    const { code } = await login();
    await control("POST", "/emulator/faults", { path: JSCODE2SESSION, delayMs: 600 });
    const fast = clientWith({ timeoutMs: 150 });
    const error = await failureOf(fast.code2session({ code }));
    expect(error).toMatchObject({
      kind: "timeout",
      category: "retryable",
      platformCode: "timeout",
    });
    expect(await exchangeCalls()).toBe(1);

    // The platform still handled the slow call: a retry would meet a used code.
    await settled();
    const retry = await failureOf(client.code2session({ code }));
    expect(retry.platformCode).toBe(40018);
  });

  it("reports a dropped connection as a network failure", async () => {
    const { code } = await login();
    await control("POST", "/emulator/faults", { path: JSCODE2SESSION, drop: true });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({ kind: "network", category: "retryable" });
  });

  it.each([
    ["nothing", {}],
    ["two empty codes", { code: "", anonymousCode: "" }],
    ["a non-string code", { code: 42 }],
    ["a too long code", { code: "c".repeat(513) }],
    ["a code with spaces", { anonymousCode: "has space" }],
    ["no input object", null],
    ["an array", []],
  ])("refuses %s before any HTTP call", async (_label, input) => {
    const before = await exchangeCalls();
    await expect(
      client.code2session(input as unknown as Parameters<DouyinClient["code2session"]>[0]),
    ).rejects.toBeInstanceOf(DouyinInputError);
    expect(await exchangeCalls()).toBe(before);
  });

  it("never puts the secret, a code or a session key in an error message", () => {
    expect(errors.length).toBeGreaterThanOrEqual(10);
    for (const error of errors) {
      const shown = [String(error), (error as Error).message, JSON.stringify(error)].join("\n");
      for (const value of sensitive) {
        if (value !== "") expect(shown).not.toContain(value);
      }
    }
  });
});
