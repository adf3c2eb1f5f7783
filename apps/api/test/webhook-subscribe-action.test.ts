// user_subscribe_action in Douyin's documented shape, pushed by the emulator over real HTTP:
// {event, client_key, from_user_id: <openid>, content: "{msg_id, time, subscribe_action}", log_id}.
// subscribe_action 0 ("no relation") is valid: understood, and it changes no grant.
import { eventually } from "@tt/test-support";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { postJson, useApi } from "./helper.ts";
import {
  deviceSubscribe,
  type LoggedIn,
  login,
  messagingEnv,
  templates,
} from "./outbox-helpers.ts";

const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build(messagingEnv));
  const baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
  await postJson(api.emulator, "/emulator/webhooks", {
    url: `${baseUrl}/api/douyin/webhook`,
    retryDelayMs: 50,
  });
});

const grantOf = (session: LoggedIn, templateId: string) =>
  app.db.subscriptionGrant.findUnique({
    where: { userId_templateId: { userId: session.user.id, templateId } },
  });

/** The stored user_subscribe_action events whose content carries this action. */
const eventsWithAction = (action: number) =>
  app.db.webhookEvent
    .findMany({ where: { event: "user_subscribe_action" } })
    .then((rows) =>
      rows.filter((row) => JSON.parse(JSON.parse(row.payload).content).subscribe_action === action),
    );

describe("user_subscribe_action as Douyin sends it", () => {
  it("grants from msg_id and from_user_id", async () => {
    const session = await login(app, api.emulator, "wsa-ann");
    await deviceSubscribe(api.emulator, { user: "wsa-ann", tmplIds: [templates.shipping.id] });
    const grant = await eventually(
      () => grantOf(session, templates.shipping.id),
      (row) => row !== null,
    );
    expect(grant).toMatchObject({ kind: "one-time", credits: 1, active: true });
    const [event] = await eventsWithAction(1);
    const body = JSON.parse(event?.payload ?? "{}");
    expect(body.from_user_id).toBe(session.user.openid);
    expect(Object.keys(JSON.parse(body.content)).sort()).toEqual([
      "msg_id",
      "subscribe_action",
      "time",
    ]);
  });

  it("handles subscribe_action 0 (no relation) without touching any grant", async () => {
    const session = await login(app, api.emulator, "wsa-bea");
    await deviceSubscribe(api.emulator, {
      user: "wsa-bea",
      tmplIds: [templates.progress.id],
    });
    await deviceSubscribe(api.emulator, { user: "wsa-bea", tmplIds: [templates.shipping.id] });
    await eventually(
      async () => [
        await grantOf(session, templates.progress.id),
        await grantOf(session, templates.shipping.id),
      ],
      (rows) => rows.every((row) => row !== null),
    );
    const before = await app.db.subscriptionGrant.findMany({ where: { userId: session.user.id } });
    expect(before).toHaveLength(2);

    for (const templateId of [templates.progress.id, templates.shipping.id]) {
      await postJson(api.emulator, "/emulator/webhooks/subscribe-action", {
        user: "wsa-bea",
        templateId,
        action: 0,
      });
    }
    const handled = await eventually(
      () => eventsWithAction(0),
      (rows) => rows.length === 2 && rows.every((row) => row.processedAt !== null),
    );
    expect(handled.map((row) => row.processedAt)).toEqual([expect.any(Date), expect.any(Date)]);
    expect(await app.db.subscriptionGrant.findMany({ where: { userId: session.user.id } })).toEqual(
      before,
    );
  });
});
