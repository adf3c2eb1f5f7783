// What the dashboard reads: the call log (JSON and its event stream), the personas with their
// masked session keys, and the codes issued and redeemed.
import { eventually } from "@tt/test-support";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, startEmulator } from "../src/index.ts";
import { deviceLogin, exchange, get, post } from "./support/http.ts";

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
      messages: 0,
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
