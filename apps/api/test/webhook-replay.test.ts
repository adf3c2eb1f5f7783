// A captured, signed push replayed under fresh Msg-Ids must change nothing: the signature covers
// the body, so the same body is the same event for as long as events are kept.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { useApi } from "./helper.ts";
import { type LoggedIn, login, messagingEnv, templates } from "./outbox-helpers.ts";

const api = useApi();
let app: App;
let webhookUrl: string;

beforeAll(async () => {
  ({ app } = await api.build({ ...messagingEnv, WEBHOOK_RETENTION_DAYS: "30" }));
  webhookUrl = `${await app.listen({ host: "127.0.0.1", port: 0 })}/api/douyin/webhook`;
});

let sequence = 0;

/** A user_subscribe_action push as Douyin sends it, signed with the webhook secret. */
function capturedPush(
  openid: string,
  templateId: string,
  action: number,
  decidedAt = Math.floor(Date.now() / 1000),
): string {
  sequence += 1;
  return JSON.stringify({
    event: "user_subscribe_action",
    client_key: app.config.douyin.appid,
    from_user_id: openid,
    content: JSON.stringify({
      msg_id: templateId,
      time: decidedAt - sequence,
      subscribe_action: action,
    }),
    log_id: `log-${sequence}`,
  });
}

/** Posts `body` signed with `app`'s webhook secret, as Douyin does. */
function signedPost(url: string, target: App, body: string, msgId: string) {
  const signature = createHash("sha1")
    .update(target.config.douyin.webhookSecret + body, "utf8")
    .digest("hex");
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-douyin-signature": signature,
      "msg-id": msgId,
    },
    body,
  });
}

async function deliver(body: string, msgId: string): Promise<string> {
  const response = await signedPost(webhookUrl, app, body, msgId);
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
}

const grantOf = (session: LoggedIn, templateId: string) =>
  app.db.subscriptionGrant.findUnique({
    where: { userId_templateId: { userId: session.user.id, templateId } },
  });

describe("webhook replay", () => {
  it("does not add one-time credits when the same push comes under new Msg-Ids", async () => {
    const session = await login(app, api.emulator, "replay-ann");
    const openid = session.user.openid ?? "";
    const push = capturedPush(openid, templates.shipping.id, 1);

    expect(await deliver(push, "msg-original")).toBe("stored");
    expect(await deliver(push, "msg-replay-1")).toBe("duplicate");
    expect(await deliver(push, "msg-replay-2")).toBe("duplicate");

    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 1 });
    const stored = await app.db.webhookEvent.findMany({ where: { payload: push } });
    expect(stored.map((row) => row.msgId)).toEqual(["msg-original"]);
  });

  it("does not turn a long-term grant back off with an old refusal", async () => {
    const session = await login(app, api.emulator, "replay-ben");
    const openid = session.user.openid ?? "";
    const refused = capturedPush(openid, templates.progress.id, 3);
    const accepted = capturedPush(openid, templates.progress.id, 2);

    expect(await deliver(refused, "msg-refused")).toBe("stored");
    expect(await deliver(accepted, "msg-accepted")).toBe("stored");
    expect(await grantOf(session, templates.progress.id)).toMatchObject({ active: true });

    expect(await deliver(refused, "msg-refused-again")).toBe("duplicate");
    expect(await grantOf(session, templates.progress.id)).toMatchObject({ active: true });
  });

  it("still stores a distinct push, and a repeated Msg-Id stays a duplicate", async () => {
    const session = await login(app, api.emulator, "replay-cat");
    const openid = session.user.openid ?? "";
    expect(await deliver(capturedPush(openid, templates.booking.id, 1), "msg-a")).toBe("stored");
    expect(await deliver(capturedPush(openid, templates.booking.id, 1), "msg-b")).toBe("stored");
    expect(await grantOf(session, templates.booking.id)).toMatchObject({ credits: 2 });
    expect(await deliver(capturedPush(openid, templates.booking.id, 1), "msg-a")).toBe("duplicate");
    expect(await grantOf(session, templates.booking.id)).toMatchObject({ credits: 2 });
  });

  it("stores a decision older than the window without applying it", async () => {
    const session = await login(app, api.emulator, "replay-dan");
    const openid = session.user.openid ?? "";
    const decidedAt = Math.floor(Date.now() / 1000) - 31 * 86_400;
    const old = capturedPush(openid, templates.shipping.id, 1, decidedAt);
    expect(await deliver(old, "msg-old-decision")).toBe("stored");
    expect(await grantOf(session, templates.shipping.id)).toBeNull();
    const row = await app.db.webhookEvent.findUniqueOrThrow({
      where: { msgId: "msg-old-decision" },
    });
    expect(row.processedAt).toBeNull();

    const recent = capturedPush(openid, templates.shipping.id, 1, decidedAt + 2 * 86_400);
    expect(await deliver(recent, "msg-recent-decision")).toBe("stored");
    expect(await grantOf(session, templates.shipping.id)).toMatchObject({ credits: 1 });
  });

  it("forgets events older than WEBHOOK_RETENTION_DAYS", async () => {
    const { app: fresh } = await api.build({ ...messagingEnv, WEBHOOK_RETENTION_DAYS: "7" });
    const day = 86_400_000;
    const stored = (msgId: string, ageDays: number) =>
      fresh.db.webhookEvent.create({
        data: {
          msgId,
          bodySha256: `hash-${msgId}`,
          event: "unknown_event",
          payload: "{}",
          receivedAt: new Date(Date.now() - ageDays * day),
        },
      });
    await stored("old", 8);
    await stored("recent", 6);
    const url = `${await fresh.listen({ host: "127.0.0.1", port: 0 })}/api/douyin/webhook`;
    const body = JSON.stringify({ event: "unknown_event", client_key: fresh.config.douyin.appid });
    const response = await signedPost(url, fresh, body, "new");
    expect(response.status).toBe(200);
    const left = await fresh.db.webhookEvent.findMany({ orderBy: { msgId: "asc" } });
    expect(left.map((row) => row.msgId)).toEqual(["new", "recent"]);
  });
});
