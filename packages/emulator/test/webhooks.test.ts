import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_APP,
  DEFAULT_APP_TEMPLATES,
  type RunningEmulator,
  SECOND_APP,
  startEmulator,
} from "../src/index.ts";
import { sha1Hex } from "./support/decrypt.ts";
import { deviceLogin, get, post, quiet, until } from "./support/http.ts";

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

let emulator: RunningEmulator;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** What the receiver answers next (status, body); then 200 "success". */
const answers: { status: number; body: string; delayMs?: number }[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "webhook-tests" });
  receiver = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString("utf8");
    });
    request.on("end", async () => {
      received.push({ headers: request.headers, raw });
      const next = answers.shift() ?? { status: 200, body: "success" };
      if (next.delayMs !== undefined) await sleep(next.delayMs);
      response.writeHead(next.status, { "content-type": "application/json" });
      response.end(next.body);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/douyin/webhook`;
});
afterAll(async () => {
  await emulator.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(async () => {
  await post(emulator.url, "/emulator/reset");
  received.length = 0;
  answers.length = 0;
});

const [ONE_TIME, , LONG_TERM] = DEFAULT_APP_TEMPLATES;
const configure = (body: Record<string, unknown> = {}) =>
  post(emulator.url, "/emulator/webhooks", { url: receiverUrl, retryDelayMs: 20, ...body });
const deliveries = async () =>
  (await get(emulator.url, "/emulator/webhooks/deliveries")).json.deliveries;

describe("user_subscribe_action events", () => {
  it("are pushed, signed with the app secret, when the user decides", async () => {
    expect((await configure()).json).toEqual({
      webhook: {
        appid: DEFAULT_APP.appid,
        url: receiverUrl,
        timeoutMs: 5000,
        retryDelayMs: 20,
        secret: "app secret",
      },
    });
    await deviceLogin(emulator.url, { user: "alice" });
    const { openid } = (await get(emulator.url, "/emulator/session?user=alice")).json;
    await post(emulator.url, "/device/subscribe", {
      user: "alice",
      tmplIds: [ONE_TIME?.templateId],
    });
    await post(emulator.url, "/device/subscribe", {
      user: "alice",
      tmplIds: [LONG_TERM?.templateId],
      decisions: { [LONG_TERM?.templateId ?? ""]: "reject" },
    });
    await until(
      () => received.length,
      (count) => count === 2,
    );

    const events = received.map(({ raw }) => JSON.parse(raw));
    expect(events[0]).toEqual({
      event: "user_subscribe_action",
      client_key: DEFAULT_APP.appid,
      from_user_id: openid,
      content: expect.any(String),
      log_id: expect.any(String),
    });
    // Douyin's documented content (subscription-status-push-event): the user is from_user_id.
    const { now } = (await get(emulator.url, "/emulator/clock")).json;
    const content = JSON.parse(events[0].content);
    expect(content).toEqual({
      msg_id: ONE_TIME?.templateId,
      time: expect.any(Number),
      subscribe_action: 1,
    });
    expect(Math.abs(content.time - now / 1000)).toBeLessThan(5);
    expect(JSON.parse(events[1].content)).toMatchObject({ subscribe_action: 3 });
    for (const { headers, raw } of received) {
      expect(headers["x-douyin-signature"]).toBe(sha1Hex(DEFAULT_APP.secret + raw));
      expect(headers["msg-id"]).toMatch(/^[0-9a-f]{32}$/);
      expect(headers["content-type"]).toBe("application/json");
    }
    expect(received[0]?.headers["msg-id"]).not.toBe(received[1]?.headers["msg-id"]);
  });

  it("carry actions 2 and 4, and nothing for ban, fail, repeat or limit", async () => {
    await configure();
    await post(emulator.url, "/device/subscribe", { tmplIds: [LONG_TERM?.templateId] });
    await post(emulator.url, "/device/subscribe", {
      tmplIds: [ONE_TIME?.templateId, DEFAULT_APP_TEMPLATES[1]?.templateId],
      decisions: {
        [ONE_TIME?.templateId ?? ""]: "reject",
        [DEFAULT_APP_TEMPLATES[1]?.templateId ?? ""]: "ban",
      },
    });
    await post(emulator.url, "/device/subscribe", {
      tmplIds: [ONE_TIME?.templateId],
      decisions: { [ONE_TIME?.templateId ?? ""]: "fail" },
    });
    await post(emulator.url, "/device/subscribe", {
      tmplIds: [ONE_TIME?.templateId],
      decisions: { [ONE_TIME?.templateId ?? ""]: "repeat" },
    });
    await post(emulator.url, "/device/subscribe", {
      tmplIds: [LONG_TERM?.templateId],
      decisions: { [LONG_TERM?.templateId ?? ""]: "limit" },
    });
    await until(
      () => received.length,
      (count) => count === 2,
    );
    await quiet(emulator.url);
    expect(received.map(({ raw }) => JSON.parse(JSON.parse(raw).content).subscribe_action)).toEqual(
      [2, 4],
    );
  });

  it("can be pushed from the control side with any action, 0 (no relation) included", async () => {
    const push = (body: Record<string, unknown>) =>
      post(emulator.url, "/emulator/webhooks/subscribe-action", body);
    expect((await push({ user: "zoe", templateId: ONE_TIME?.templateId, action: 0 })).status).toBe(
      404,
    );
    await configure();
    const answer = await push({ user: "zoe", templateId: ONE_TIME?.templateId, action: 0 });
    expect(answer.json).toEqual({ pushed: true });
    const [event] = await until(
      () => received,
      (list) => list.length === 1,
    );
    const body = JSON.parse(event?.raw ?? "{}");
    expect(body).toEqual({
      event: "user_subscribe_action",
      client_key: DEFAULT_APP.appid,
      from_user_id: expect.any(String),
      content: expect.any(String),
      log_id: expect.any(String),
    });
    expect(JSON.parse(body.content)).toEqual({
      msg_id: ONE_TIME?.templateId,
      time: expect.any(Number),
      subscribe_action: 0,
    });
    await deviceLogin(emulator.url, { user: "zoe" });
    const { openid } = (await get(emulator.url, "/emulator/session?user=zoe")).json;
    expect(body.from_user_id).toBe(openid);
    for (const bad of [
      { user: "zoe", templateId: ONE_TIME?.templateId, action: 5 },
      { user: "zoe", templateId: "MSG_unknown", action: 1 },
      { user: "zoe", action: 1 },
    ]) {
      expect((await push(bad)).status).toBe(400);
    }
  });

  it("use a configured secret instead of the app secret", async () => {
    await configure({ secret: "webhook-only-secret" });
    expect((await get(emulator.url, "/emulator/webhooks")).json.webhooks[0].secret).toBe("custom");
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    const [first] = await until(
      () => received,
      (list) => list.length === 1,
    );
    expect(first?.headers["x-douyin-signature"]).toBe(sha1Hex(`webhook-only-secret${first?.raw}`));
  });

  it("are retried up to 3 times with the same Msg-Id, and logged", async () => {
    await configure();
    answers.push({ status: 500, body: "{}" }, { status: 502, body: "{}" });
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    const log = await until(deliveries, (list) => list.length === 3);
    expect(
      log.map((d: { attempt: number; status: string; httpStatus: number }) => [
        d.attempt,
        d.status,
        d.httpStatus,
      ]),
    ).toEqual([
      [1, "failed", 500],
      [2, "failed", 502],
      [3, "delivered", 200],
    ]);
    expect(new Set(received.map(({ headers }) => headers["msg-id"])).size).toBe(1);
    expect(log[0]).toMatchObject({
      appid: DEFAULT_APP.appid,
      event: "user_subscribe_action",
      url: receiverUrl,
    });
    expect(log[0].msgId).toBe(received[0]?.headers["msg-id"]);
  });

  it("give up after the first try and 3 retries; time out after timeoutMs", async () => {
    await configure({ timeoutMs: 100 });
    answers.push(
      { status: 200, body: "late", delayMs: 300 },
      { status: 500, body: "{}" },
      { status: 500, body: "{}" },
      { status: 500, body: "{}" },
      { status: 500, body: "{}" },
    );
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    const log = await until(deliveries, (list) => list.length === 4);
    expect(log[0]).toMatchObject({ attempt: 1, status: "failed", error: "timeout" });
    expect(log.map((d: { status: string }) => d.status)).toEqual([
      "failed",
      "failed",
      "failed",
      "failed",
    ]);
    await quiet(emulator.url);
    expect(await deliveries()).toHaveLength(4);
  });

  it("report an unreachable receiver", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await configure({ url: `http://127.0.0.1:${port}/gone`, retryDelayMs: 0 });
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    const log = await until(deliveries, (list) => list.length === 4);
    expect(log[0]).toMatchObject({ status: "failed", error: "connection refused" });
  });

  it("go only to the app they were configured for", async () => {
    await configure({ appid: SECOND_APP.appid });
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    await quiet(emulator.url);
    expect(received).toEqual([]);
  });
});

describe("POST /emulator/webhooks/verify", () => {
  it("sends verify_webhook and reports whether the challenge came back", async () => {
    await configure();
    // This receiver answers "success", not the challenge.
    const report = await post(emulator.url, "/emulator/webhooks/verify", {});
    expect(report.json).toMatchObject({
      verified: false,
      challenge: expect.any(Number),
      httpStatus: 200,
    });
    const sent = JSON.parse(received[0]?.raw ?? "{}");
    expect(sent).toMatchObject({
      event: "verify_webhook",
      content: { challenge: report.json.challenge },
    });
    expect(received[0]?.headers["x-douyin-signature"]).toBe(
      sha1Hex(DEFAULT_APP.secret + received[0]?.raw),
    );
  });

  it("is verified when the answer echoes the challenge", async () => {
    const echo = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk: Buffer) => {
        raw += chunk.toString("utf8");
      });
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ challenge: JSON.parse(raw).content.challenge }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://localhost:${(echo.address() as AddressInfo).port}/`;
      await configure({ url });
      const report = (
        await post(emulator.url, "/emulator/webhooks/verify", { appid: DEFAULT_APP.appid })
      ).json;
      expect(report).toEqual({
        verified: true,
        challenge: expect.any(Number),
        httpStatus: 200,
        answer: { challenge: report.challenge },
      });
      expect((await deliveries())[0]).toMatchObject({
        event: "verify_webhook",
        status: "delivered",
      });
    } finally {
      echo.closeAllConnections();
      await new Promise((resolve) => echo.close(resolve));
    }
  });

  it("answers 404 when the app has no webhook", async () => {
    const answer = await post(emulator.url, "/emulator/webhooks/verify", {});
    expect(answer.status).toBe(404);
  });
});

describe("webhook configuration", () => {
  it.each([
    "https://example.com/hook",
    "http://10.0.0.5/hook",
    "http://128.0.0.1/hook",
    "http://127.0.0.1.example.com/hook",
    "http://user:pw@127.0.0.1/hook",
    "ftp://127.0.0.1/hook",
    "not a url",
  ])("refuses %s: loopback only", async (url) => {
    const answer = await post(emulator.url, "/emulator/webhooks", { url });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe("bad_request");
  });

  it.each([
    "http://127.0.0.1:9/x",
    "http://127.8.9.10/x",
    "http://localhost/x",
    "http://[::1]:8080/x",
  ])("accepts %s", async (url) => {
    expect((await post(emulator.url, "/emulator/webhooks", { url })).status).toBe(200);
  });

  it("is forgotten on reset, with the delivery log", async () => {
    await configure();
    await post(emulator.url, "/device/subscribe", { tmplIds: [ONE_TIME?.templateId] });
    await until(deliveries, (list) => list.length === 1);
    await post(emulator.url, "/emulator/reset");
    expect((await get(emulator.url, "/emulator/webhooks")).json.webhooks).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });
});
