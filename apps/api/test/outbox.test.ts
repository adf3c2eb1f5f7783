// The outbox end to end: the phone subscribes on the emulator, the mini-program reports the real
// success object, an operator queues messages, the worker sends them to the emulated platform and
// they land in the emulated phone's inbox. Platform faults come from the emulator's fault control.
import { openDatabase } from "@tt/db";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { backoffMs } from "../src/plugins/app/outbox/failure-policy.ts";
import { type LogCapture, postJson, useApi } from "./helper.ts";
import {
  fault,
  inbox,
  type LoggedIn,
  login,
  messagingEnv,
  recordSubscriptions,
  sendAndSettle,
  sendMessage,
  settled,
  subscribe,
  templates,
} from "./outbox-helpers.ts";

const api = useApi();
let app: App;
let logs: LogCapture;

const NOTIFY = "/api/notification/v2/subscription/notify_user/";

beforeAll(async () => {
  ({ app, logs } = await api.build(messagingEnv));
});

async function notifyCalls(): Promise<number> {
  const response = await fetch(`${api.emulator.url}/emulator/stats`);
  return ((await response.json()) as { calls: Record<string, number> }).calls[NOTIFY] ?? 0;
}

async function grantOf(session: LoggedIn, templateId: string) {
  return app.db.subscriptionGrant.findUnique({
    where: { userId_templateId: { userId: session.user.id, templateId } },
  });
}

const shippingTo = (session: LoggedIn, extra: Record<string, unknown> = {}) => ({
  userId: session.user.id,
  templateId: templates.shipping.id,
  data: templates.shipping.data,
  ...extra,
});

describe("the outbox", () => {
  it("delivers a message for a one-time grant (v2 shape), then rejects a second one without calling Douyin", async () => {
    const session = await login(app, api.emulator, "ob-one-time");
    const { grants } = await subscribe(app, api.emulator, session, "ob-one-time", [
      templates.shipping.id,
    ]);
    expect(grants).toEqual([expect.objectContaining({ credits: 1 })]);

    const sent = await sendAndSettle(app, shippingTo(session, { page: "pages/index/index" }));
    expect(sent).toMatchObject({ status: "sent", attempts: 0, rejectReason: null });
    expect(sent.platformLogId).toMatch(/\S/);
    expect(Date.parse(sent.sentAt ?? "")).not.toBeNaN();
    expect(await inbox(api.emulator, "ob-one-time")).toEqual([
      expect.objectContaining({ templateId: templates.shipping.id, data: templates.shipping.data }),
    ]);
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 0 });

    const callsBefore = await notifyCalls();
    const second = await sendAndSettle(app, shippingTo(session));
    expect(second).toMatchObject({
      status: "rejected",
      rejectReason: "not subscribed",
      attempts: 0,
    });
    expect(await notifyCalls()).toBe(callsBefore);
    expect(await inbox(api.emulator, "ob-one-time")).toHaveLength(1);
  });

  it("delivers after a legacy-shape subscription", async () => {
    const session = await login(app, api.emulator, "ob-legacy");
    await subscribe(app, api.emulator, session, "ob-legacy", [templates.booking.id], "legacy");
    const sent = await sendAndSettle(app, {
      openid: session.user.openid,
      templateId: templates.booking.id,
      data: templates.booking.data,
    });
    expect(sent.status).toBe("sent");
    expect(await inbox(api.emulator, "ob-legacy")).toHaveLength(1);
  });

  it("queues one message for an idempotency key sent twice", async () => {
    const session = await login(app, api.emulator, "ob-idempotent");
    await subscribe(app, api.emulator, session, "ob-idempotent", [templates.shipping.id]);
    const body = shippingTo(session, { idempotencyKey: "ob-idempotent-1" });
    const [first, second] = await Promise.all([sendMessage(app, body), sendMessage(app, body)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 202]);
    expect(first.json().id).toBe(second.json().id);
    await settled(app, first.json().id);
    const third = await sendMessage(app, body);
    expect(third.statusCode).toBe(200);
    expect(third.json()).toEqual({ id: first.json().id, status: "sent" });
    expect(await app.db.message.count({ where: { idempotencyKey: "ob-idempotent-1" } })).toBe(1);
    expect(await inbox(api.emulator, "ob-idempotent")).toHaveLength(1);
  });

  it("delivers two messages on a long-term grant, one second apart, and keeps the grant", async () => {
    const session = await login(app, api.emulator, "ob-long-term");
    await subscribe(app, api.emulator, session, "ob-long-term", [templates.progress.id]);
    const body = {
      userId: session.user.id,
      templateId: templates.progress.id,
      data: templates.progress.data,
    };
    const [a, b] = [await sendMessage(app, body), await sendMessage(app, body)];
    const first = await settled(app, a.json().id);
    const second = await settled(app, b.json().id);
    expect([first.status, second.status]).toEqual(["sent", "sent"]);
    // Our own 1 msg/s/user deferral, not the platform's 1010: no failed attempt.
    expect(second.attempts).toBe(0);
    const gap = Date.parse(second.sentAt ?? "") - Date.parse(first.sentAt ?? "");
    expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(await inbox(api.emulator, "ob-long-term")).toHaveLength(2);
    expect(await grantOf(session, templates.progress.id)).toMatchObject({ active: true });
  });

  it("retries when the platform is busy, then sends", async () => {
    const session = await login(app, api.emulator, "ob-busy");
    await subscribe(app, api.emulator, session, "ob-busy", [templates.shipping.id]);
    await fault(api.emulator, { errNo: -1, times: 1 });
    const sent = await sendAndSettle(app, shippingTo(session));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    expect(sent.lastError).toMatch(/^Douyin -1: /);
    expect(await inbox(api.emulator, "ob-busy")).toHaveLength(1);
  });

  it("retries an HTTP 503 and a dropped connection", async () => {
    const session = await login(app, api.emulator, "ob-503");
    await subscribe(app, api.emulator, session, "ob-503", [templates.shipping.id]);
    await fault(api.emulator, { status: 503, times: 1 });
    await fault(api.emulator, { drop: true, times: 1 });
    const sent = await sendAndSettle(app, shippingTo(session));
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("defers on 1010 (too frequent) instead of rejecting", async () => {
    const session = await login(app, api.emulator, "ob-1010");
    await subscribe(app, api.emulator, session, "ob-1010", [templates.shipping.id]);
    await fault(api.emulator, { errNo: 1010, times: 1 });
    const sent = await sendAndSettle(app, shippingTo(session));
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
    expect(sent.lastError).toMatch(/^Douyin 1010: /);
  });

  it("sends after the platform refused the client token once (renewed by the SDK)", async () => {
    const session = await login(app, api.emulator, "ob-token");
    await subscribe(app, api.emulator, session, "ob-token", [templates.shipping.id]);
    await postJson(api.emulator, "/emulator/tokens/invalidate", { kind: "client_token" });
    const sent = await sendAndSettle(app, shippingTo(session));
    expect(sent).toMatchObject({ status: "sent", attempts: 0 });
  });

  it("rejects on 28014043 from the platform and aligns our grant", async () => {
    const session = await login(app, api.emulator, "ob-28014043");
    // A grant we recorded but the platform never saw (no tap on the phone).
    const response = await recordSubscriptions(app, session.accessToken, {
      [templates.shipping.id]: "accept",
      errMsg: "requestSubscribeMessage:ok",
    });
    expect(response.json().grants).toEqual([expect.objectContaining({ credits: 1 })]);
    const rejected = await sendAndSettle(app, shippingTo(session));
    expect(rejected).toMatchObject({
      status: "rejected",
      rejectReason: "not subscribed",
      attempts: 1,
    });
    expect(rejected.lastError).toMatch(/^Douyin 28014043: /);
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 0 });
    expect(await inbox(api.emulator, "ob-28014043")).toHaveLength(0);
  });

  it.each([
    [
      "a banned word (1008)",
      { 订单编号: "违禁词", 快递公司: "顺丰", 快递单号: "1" },
      "content violation",
    ],
    ["keywords that are not the template's (1000)", { 订单编号: "A-1" }, "format"],
  ])("rejects %s at once, keeping the grant", async (_, data, reason) => {
    const persona = `ob-${reason.replaceAll(" ", "-")}`;
    const session = await login(app, api.emulator, persona);
    await subscribe(app, api.emulator, session, persona, [templates.shipping.id]);
    const rejected = await sendAndSettle(app, shippingTo(session, { data }));
    expect(rejected).toMatchObject({ status: "rejected", rejectReason: reason, attempts: 1 });
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 1 });
  });

  it("gives up after OUTBOX_MAX_ATTEMPTS retryable failures: failed", async () => {
    const { app: strict } = await api.build({ ...messagingEnv, OUTBOX_MAX_ATTEMPTS: "2" });
    const session = await login(strict, api.emulator, "ob-failed");
    await subscribe(strict, api.emulator, session, "ob-failed", [templates.shipping.id]);
    await fault(api.emulator, { status: 500, times: 2 });
    const response = await sendMessage(strict, shippingTo(session));
    const failed = await settled(strict, response.json().id);
    expect(failed).toMatchObject({ status: "failed", attempts: 2, sentAt: null });
    expect(failed.lastError).toMatch(/^Douyin http_500: /);
    expect(await strict.db.subscriptionGrant.findFirst()).toMatchObject({ credits: 1 });
    await strict.close();
  });

  it("waits for the message being sent when the app closes, and records it", async () => {
    const { app: closing, config } = await api.build(messagingEnv);
    const session = await login(closing, api.emulator, "ob-close");
    await subscribe(closing, api.emulator, session, "ob-close", [templates.shipping.id]);
    await fault(api.emulator, { delayMs: 400, times: 1 });
    const response = await sendMessage(closing, shippingTo(session));
    const id = response.json().id as string;
    const db = await openDatabase(config.database);
    try {
      for (let i = 0; i < 200; i++) {
        if ((await db.message.findUniqueOrThrow({ where: { id } })).status === "sending") break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await closing.close();
      expect(await db.message.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "sent",
        leaseUntil: null,
      });
    } finally {
      await db.$disconnect();
    }
  });

  it("backs off exponentially from its base, with jitter, up to 5 minutes", () => {
    for (const base of [1_000, 50]) {
      for (const attempts of [1, 2, 3, 4]) {
        const full = base * 2 ** (attempts - 1);
        for (let i = 0; i < 20; i++) {
          const delay = backoffMs(attempts, base);
          expect(delay).toBeGreaterThanOrEqual(full / 2);
          expect(delay).toBeLessThanOrEqual(full);
        }
      }
    }
    expect(backoffMs(40, 1_000)).toBeGreaterThanOrEqual(2.5 * 60_000);
    expect(backoffMs(40, 1_000)).toBeLessThanOrEqual(5 * 60_000);
  });

  it("leaves no secret, token or message text in the log", () => {
    const text = logs.text;
    expect(text).not.toContain(app.config.adminApiKey ?? "unset");
    expect(text).not.toContain(app.config.douyin.secret);
    expect(text).not.toContain("顺丰");
    expect(text).not.toMatch(/clt\.[\w-]{8,}/);
  });
});
