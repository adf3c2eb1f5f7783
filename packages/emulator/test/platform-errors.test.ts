import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, SECOND_APP, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, JSCODE2SESSION } from "./support/http.ts";

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
