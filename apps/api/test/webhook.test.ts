// Douyin's pushes, over real HTTP: the emulator delivers signed user_subscribe_action events to
// the API listening on loopback, and the test posts its own (signed, unsigned, repeated, odd).
import { createHash } from "node:crypto";
import { eventually, expectProblemResponse } from "@tt/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { type LogCapture, postJson, useApi } from "./helper.ts";
import {
  deviceSubscribe,
  type LoggedIn,
  login,
  messagingEnv,
  sendAndSettle,
  templates,
} from "./outbox-helpers.ts";
import { countRows, messagingRows } from "./rows.ts";

const api = useApi();
let app: App;
let logs: LogCapture;
let webhookUrl: string;

beforeAll(async () => {
  ({ app, logs } = await api.build(messagingEnv));
  const baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  webhookUrl = `${baseUrl}/api/douyin/webhook`;
  await postJson(api.emulator, "/emulator/webhooks", { url: webhookUrl, retryDelayMs: 50 });
});

const allRows = async () => ({ ...(await countRows(app)), ...(await messagingRows(app)) });
const sign = (body: string, secret = app.config.douyin.webhookSecret) =>
  createHash("sha1")
    .update(secret + body, "utf8")
    .digest("hex");

function push(body: string, headers: Record<string, string> = {}) {
  return fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

function signedPush(event: object, msgId?: string, extra: Record<string, string> = {}) {
  const body = JSON.stringify(event);
  return push(body, {
    "x-douyin-signature": sign(body),
    ...(msgId ? { "msg-id": msgId } : {}),
    ...extra,
  });
}

const subscribeAction = (openid: string, templateId: string, action: number) => ({
  event: "user_subscribe_action",
  client_key: app.config.douyin.appid,
  from_user_id: openid,
  content: JSON.stringify({ open_id: openid, tpl_id: templateId, subscribe_action: action }),
});

async function grantOf(session: LoggedIn, templateId: string) {
  return app.db.subscriptionGrant.findUnique({
    where: { userId_templateId: { userId: session.user.id, templateId } },
  });
}

describe("POST /api/douyin/webhook", () => {
  it("answers the verify_webhook challenge the emulator sends", async () => {
    const outcome = await postJson<{ verified: boolean; challenge: number }>(
      api.emulator,
      "/emulator/webhooks/verify",
      {},
    );
    expect(outcome).toMatchObject({ verified: true, answer: { challenge: outcome.challenge } });
    // Answered, not stored.
    expect(await app.db.webhookEvent.count({ where: { event: "verify_webhook" } })).toBe(0);
  });

  it("records grants from the user_subscribe_action events the emulator pushes", async () => {
    const session = await login(app, api.emulator, "wh-alice");
    await deviceSubscribe(api.emulator, {
      user: "wh-alice",
      tmplIds: [templates.shipping.id, templates.booking.id],
      decisions: { [templates.booking.id]: "reject" },
    });
    const grant = await eventually(
      () => grantOf(session, templates.shipping.id),
      (row) => row !== null,
    );
    expect(grant).toMatchObject({ kind: "one-time", credits: 1, active: true });
    // 4 (one-time refused): stored and handled, no grant made.
    const refused = await eventually(
      () => app.db.webhookEvent.findMany({ where: { event: "user_subscribe_action" } }),
      (rows) => rows.length >= 2 && rows.every((row) => row.processedAt !== null),
    );
    expect(refused.filter((row) => row.payload.includes(templates.booking.id))).toHaveLength(1);
    expect(await grantOf(session, templates.booking.id)).toBeNull();

    // The grant from the push lets a message through.
    const sent = await sendAndSettle(app, {
      userId: session.user.id,
      templateId: templates.shipping.id,
      data: templates.shipping.data,
    });
    expect(sent.status).toBe("sent");

    const deliveries = (await (
      await fetch(`${api.emulator.url}/emulator/webhooks/deliveries`)
    ).json()) as { deliveries: unknown[] };
    expect(deliveries.deliveries).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: "delivered", httpStatus: 200 })]),
    );
  });

  it("turns a long-term grant on (2) and off (3)", async () => {
    const session = await login(app, api.emulator, "wh-bob");
    await deviceSubscribe(api.emulator, { user: "wh-bob", tmplIds: [templates.progress.id] });
    expect(
      await eventually(
        () => grantOf(session, templates.progress.id),
        (row) => row?.active === true,
      ),
    ).toMatchObject({ kind: "long-term", active: true });
    await deviceSubscribe(api.emulator, {
      user: "wh-bob",
      tmplIds: [templates.progress.id],
      decisions: { [templates.progress.id]: "reject" },
    });
    expect(
      await eventually(
        () => grantOf(session, templates.progress.id),
        (row) => row?.active === false,
      ),
    ).toMatchObject({ active: false });
  });

  it("stores a repeated Msg-Id once and changes nothing the second time", async () => {
    const session = await login(app, api.emulator, "wh-carol");
    const event = subscribeAction(session.user.openid ?? "", templates.shipping.id, 1);
    const first = await signedPush(event, "wh-carol-msg-1");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ status: "stored" });
    const before = await allRows();
    const again = await signedPush(event, "wh-carol-msg-1");
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    expect(await allRows()).toEqual(before);
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 1 });
    expect(await app.db.webhookEvent.count({ where: { msgId: "wh-carol-msg-1" } })).toBe(1);
  });

  it("stores and acknowledges unknown events, and events it cannot apply, without applying them", async () => {
    const cases: [object, string][] = [
      [{ event: "some_future_event", content: { anything: 1 } }, "wh-unknown-1"],
      [subscribeAction("an-openid-we-never-saw", templates.shipping.id, 1), "wh-unknown-2"],
      [subscribeAction("an-openid-we-never-saw", "MSG_not_configured", 1), "wh-unknown-3"],
      [
        { ...subscribeAction("x", templates.shipping.id, 1), client_key: "tt_other_app" },
        "wh-unknown-4",
      ],
      [{ event: "user_subscribe_action", content: { subscribe_action: 9 } }, "wh-unknown-5"],
    ];
    for (const [event, msgId] of cases) {
      const grants = await app.db.subscriptionGrant.findMany();
      const response = await signedPush(event, msgId);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "stored" });
      expect(await app.db.webhookEvent.findUnique({ where: { msgId } })).toMatchObject({
        processedAt: null,
        payload: JSON.stringify(event),
      });
      expect(await app.db.subscriptionGrant.findMany()).toEqual(grants);
    }
  });

  it("does not apply another app's event to our user with the same openid", async () => {
    // An openid is per app, but nothing stops another app's push from naming one of ours: only
    // client_key tells them apart.
    const session = await login(app, api.emulator, "wh-otto");
    const openid = session.user.openid ?? "";
    const theirs = {
      ...subscribeAction(openid, templates.shipping.id, 1),
      client_key: "tt_other_app",
    };
    const response = await signedPush(theirs, "wh-other-app-1");
    expect(await response.json()).toEqual({ status: "stored" });
    expect(await grantOf(session, templates.shipping.id)).toBeNull();
    expect(
      await app.db.webhookEvent.findUnique({ where: { msgId: "wh-other-app-1" } }),
    ).toMatchObject({ processedAt: null });

    // The same push for our app is applied: the check above is what made the difference.
    const ours = await signedPush(
      subscribeAction(openid, templates.shipping.id, 1),
      "wh-own-app-1",
    );
    expect(await ours.json()).toEqual({ status: "stored" });
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 1 });
  });

  it("answers a bad or missing signature with 401 and stores nothing", async () => {
    const session = await login(app, api.emulator, "wh-mallory");
    const body = JSON.stringify(
      subscribeAction(session.user.openid ?? "", templates.progress.id, 2),
    );
    const before = await allRows();
    const signatures: Record<string, string>[] = [
      {},
      { "x-douyin-signature": sign(body, "not-the-secret") },
      { "x-douyin-signature": sign(`${body} `) },
      { "x-douyin-signature": "0".repeat(40) },
      { "x-douyin-signature": "not hex" },
    ];
    for (const headers of signatures) {
      await expectProblemResponse(
        await push(body, { "msg-id": "wh-mallory-1", ...headers }),
        401,
        "WEBHOOK_SIGNATURE_INVALID",
      );
    }
    // An unsigned challenge is not answered either.
    await expectProblemResponse(
      await push(JSON.stringify({ event: "verify_webhook", content: { challenge: 1 } })),
      401,
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(await allRows()).toEqual(before);
  });

  it("answers a signed challenge of its own", async () => {
    const response = await signedPush({ event: "verify_webhook", content: { challenge: 424242 } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 424242 });
  });

  it("answers malformed pushes with 4xx problem+json and stores nothing", async () => {
    const before = await allRows();
    const signedRaw = (body: string, headers: Record<string, string> = {}) =>
      push(body, { "x-douyin-signature": sign(body), "msg-id": "wh-bad", ...headers });
    await expectProblemResponse(await signedRaw("{not json"), 400, "VALIDATION_FAILED");
    await expectProblemResponse(await signedRaw("[1,2]"), 400, "VALIDATION_FAILED");
    await expectProblemResponse(await signedRaw('{"content":{}}'), 400, "VALIDATION_FAILED");
    await expectProblemResponse(await signedRaw(""), 400, "VALIDATION_FAILED");
    await expectProblemResponse(
      await signedRaw('{"event":"verify_webhook","content":{}}'),
      400,
      "VALIDATION_FAILED",
    );
    await expectProblemResponse(
      await signedRaw('{"event":"x"}', { "msg-id": "m".repeat(129) }),
      400,
      "VALIDATION_FAILED",
    );
    await expectProblemResponse(
      await signedRaw(JSON.stringify({ event: "x", content: "y".repeat(70 * 1024) })),
      413,
      "PAYLOAD_TOO_LARGE",
    );
    expect(await allRows()).toEqual(before);
  });

  it("verifies the bytes as received, whatever the content type", async () => {
    const body = `{"event":"odd_spacing" ,  "content" : {"k":"\\u4e2d"}}`;
    const response = await push(body, {
      "content-type": "text/plain; charset=utf-8",
      "x-douyin-signature": sign(body),
      "msg-id": "wh-raw-1",
    });
    expect(response.status).toBe(200);
    expect(await app.db.webhookEvent.findUnique({ where: { msgId: "wh-raw-1" } })).toMatchObject({
      event: "odd_spacing",
      payload: body,
    });
  });

  it("leaves no secret in the log", () => {
    expect(logs.text).not.toContain(app.config.douyin.webhookSecret);
    expect(logs.text).not.toContain(app.config.adminApiKey ?? "unset");
  });
});
