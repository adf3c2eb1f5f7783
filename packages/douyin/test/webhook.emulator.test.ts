import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DouyinWebhookError,
  type ReadWebhook,
  readUserSubscribeAction,
  readWebhook,
} from "../src/index.ts";
import { APP, LONG_TERM_TEMPLATE, ONE_TIME_TEMPLATE, useEmulator } from "./calls-support.ts";

const emu = useEmulator("sdk-webhooks");

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly read?: ReadWebhook;
  readonly failure?: DouyinWebhookError;
}

/** A receiver as an app would write it: raw bytes in, readWebhook, 200 / 401 / 400 out. */
let receiver: Server;
let receiverUrl: string;
let receiverSecret = APP.secret;
const received: Received[] = [];
const seenMsgIds = new Set<string>();

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const rawBody = Buffer.concat(chunks);
      try {
        const read = readWebhook({ headers: request.headers, rawBody, secret: receiverSecret });
        received.push({ headers: request.headers, read });
        if (read.msgId !== undefined) seenMsgIds.add(read.msgId);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(read.challengeAnswer ?? {}));
      } catch (error) {
        received.push({ headers: request.headers, failure: error as DouyinWebhookError });
        const status = (error as DouyinWebhookError).reason === "bad-signature" ? 401 : 400;
        response.writeHead(status).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/douyin/webhook`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

async function configure(secret?: string) {
  received.length = 0;
  receiverSecret = secret ?? APP.secret;
  await emu.control("POST", "/emulator/webhooks", {
    url: receiverUrl,
    retryDelayMs: 20,
    timeoutMs: 2000,
    ...(secret === undefined ? {} : { secret }),
  });
}

async function until<T>(check: () => T | undefined, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("webhooks pushed by the emulator", () => {
  it("answers the verify_webhook challenge (signed with the app secret)", async () => {
    await configure();
    const outcome = await emu.control("POST", "/emulator/webhooks/verify", {});
    expect(outcome).toMatchObject({ verified: true, httpStatus: 200 });
    expect(received[0]?.read).toMatchObject({ isChallenge: true, event: "verify_webhook" });
  });

  it("reads user_subscribe_action pushes: accepted one-time, refused long-term", async () => {
    await configure("a-separate-webhook-secret");
    const openid = await emu.openidOf("alice");
    await emu.control("POST", "/device/subscribe", {
      user: "alice",
      tmplIds: [ONE_TIME_TEMPLATE.id],
    });
    await emu.control("POST", "/device/subscribe", {
      user: "alice",
      tmplIds: [LONG_TERM_TEMPLATE.id],
      decisions: { [LONG_TERM_TEMPLATE.id]: "reject" },
    });
    const reads = await until(() => {
      const ok = received.flatMap((entry) => (entry.read === undefined ? [] : [entry.read]));
      return ok.length >= 2 ? ok : undefined;
    });
    const actions = reads.map((read) => readUserSubscribeAction(read.envelope));
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subscribeAction: 1,
          meaning: "one-time-accepted",
          templateId: ONE_TIME_TEMPLATE.id,
          openid,
        }),
        expect.objectContaining({
          subscribeAction: 3,
          meaning: "long-term-refused",
          accepted: false,
          templateId: LONG_TERM_TEMPLATE.id,
        }),
      ]),
    );
    expect(reads.every((read) => typeof read.msgId === "string" && read.msgId !== "")).toBe(true);
    expect(reads[0]?.envelope.clientKey).toBe(APP.appid);
  });

  it("refuses pushes signed with another secret; the platform's retries keep their Msg-Id", async () => {
    await configure("the-platform-secret");
    receiverSecret = "what-the-receiver-thinks";
    await emu.openidOf("bob");
    await emu.control("POST", "/device/subscribe", {
      user: "bob",
      tmplIds: [ONE_TIME_TEMPLATE.id],
    });
    const failures = await until(() => (received.length >= 4 ? received : undefined));
    expect(failures.every((entry) => entry.failure?.reason === "bad-signature")).toBe(true);
    const msgIds = new Set(failures.map((entry) => entry.headers["msg-id"]));
    expect(msgIds.size).toBe(1); // one push, retried 3 times: de-duplicate on it
    // The emulator records an attempt once it has read the answer: poll for the fourth.
    let statuses: number[] = [];
    for (let tries = 0; tries < 100 && statuses.length < 4; tries += 1) {
      const { deliveries } = await emu.control("GET", "/emulator/webhooks/deliveries");
      statuses = deliveries.map((attempt: { httpStatus: number }) => attempt.httpStatus);
      if (statuses.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
  });
});
