import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, SECOND_APP, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, JSCODE2SESSION, post } from "./support/http.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "error-tests" });
});
afterAll(() => emulator.close());

const errNoOf = async (body: Parameters<typeof exchange>[1]) => {
  const answer = await exchange(emulator.url, body);
  expect(answer.status).toBe(200);
  expect(answer.json.data).toBeNull();
  expect(typeof answer.json.err_tips).toBe("string");
  return answer.json.err_no;
};

describe("jscode2session errors (HTTP 200, {err_no, err_tips, data: null})", () => {
  it("40015 for an unknown appid", async () => {
    const { code } = await deviceLogin(emulator.url);
    expect(await errNoOf({ appid: "tt_unknown", secret: DEFAULT_APP.secret, code })).toBe(40015);
  });

  it("40017 for a wrong secret, even with another app's secret", async () => {
    const { code } = await deviceLogin(emulator.url);
    expect(await errNoOf({ appid: DEFAULT_APP.appid, secret: "nope", code })).toBe(40017);
    expect(await errNoOf({ appid: DEFAULT_APP.appid, secret: SECOND_APP.secret, code })).toBe(
      40017,
    );
  });

  it("40014 when neither code nor anonymous_code is sent", async () => {
    expect(await errNoOf({ ...DEFAULT_APP })).toBe(40014);
    expect(await errNoOf({ ...DEFAULT_APP, code: "", anonymous_code: "" })).toBe(40014);
  });

  it("40014 for non-string codes", async () => {
    const answer = await fetch(`${emulator.url}${JSCODE2SESSION}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...DEFAULT_APP, code: 42 }),
    });
    expect(((await answer.json()) as { err_no: number }).err_no).toBe(40014);
  });

  it("40018 / 40019 for codes the platform never issued", async () => {
    expect(await errNoOf({ ...DEFAULT_APP, code: "made-up" })).toBe(40018);
    expect(await errNoOf({ ...DEFAULT_APP, anonymous_code: "made-up" })).toBe(40019);
  });

  it("40014 for a JSON body that is not an object", async () => {
    for (const body of ["[]", JSON.stringify([DEFAULT_APP]), "null", '"tt_emulator_app"', "42"]) {
      const answer = await fetch(`${emulator.url}${JSCODE2SESSION}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(answer.status, body).toBe(200);
      expect(await answer.json(), body).toEqual({
        err_no: 40014,
        err_tips: expect.any(String),
        data: null,
      });
    }
  });

  it("40015 for an appid that is not a string", async () => {
    const { code } = await deviceLogin(emulator.url);
    for (const appid of [42, [DEFAULT_APP.appid], { appid: DEFAULT_APP.appid }, null]) {
      const answer = await post(emulator.url, JSCODE2SESSION, {
        appid,
        secret: DEFAULT_APP.secret,
        code,
      });
      expect(answer.json.err_no, JSON.stringify(appid)).toBe(40015);
    }
    // None of them used the code up.
    expect((await exchange(emulator.url, { ...DEFAULT_APP, code })).json.err_no).toBe(0);
  });

  it("40014 for a code or anonymous_code that is not a string or over 1024 characters", async () => {
    const login = await deviceLogin(emulator.url);
    const long = "c".repeat(1025);
    for (const fields of [
      { code: long },
      { anonymous_code: long },
      { code: login.code, anonymous_code: long },
      { code: long, anonymous_code: login.anonymousCode },
      { code: login.code, anonymous_code: 42 },
      { code: [login.code], anonymous_code: login.anonymousCode },
      { code: login.code, anonymous_code: false },
    ]) {
      const answer = await post(emulator.url, JSCODE2SESSION, { ...DEFAULT_APP, ...fields });
      expect(answer.json, JSON.stringify(fields).slice(0, 80)).toEqual({
        err_no: 40014,
        err_tips: expect.any(String),
        data: null,
      });
    }
    // 1024 characters is still a code (one the platform never issued), and the good codes sent
    // alongside the bad ones were not used up.
    expect(await errNoOf({ ...DEFAULT_APP, code: "c".repeat(1024) })).toBe(40018);
    expect(await errNoOf({ ...DEFAULT_APP, anonymous_code: "c".repeat(1024) })).toBe(40019);
    const both = await exchange(emulator.url, {
      ...DEFAULT_APP,
      code: login.code,
      anonymous_code: login.anonymousCode,
    });
    expect(both.json.err_no).toBe(0);
  });

  it("answers an injected err_no in its own {err_no, err_tips, data: null} envelope", async () => {
    await post(emulator.url, "/emulator/faults", { path: JSCODE2SESSION, errNo: 40020, times: 1 });
    const { code } = await deviceLogin(emulator.url);
    const answer = await exchange(emulator.url, { ...DEFAULT_APP, code });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ err_no: 40020, err_tips: expect.any(String), data: null });
  });

  it("400 JSON for a body that is not JSON", async () => {
    const answer = await fetch(`${emulator.url}${JSCODE2SESSION}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"secret": "${DEFAULT_APP.secret}"`,
    });
    expect(answer.status).toBe(400);
    const body = await answer.text();
    expect(body).not.toContain(DEFAULT_APP.secret);
    expect(JSON.parse(body)).toMatchObject({ error: "bad_request" });
  });
});
