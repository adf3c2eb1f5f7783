// The outbox's worker and failure policy with no emulator: the app is built with a Douyin client
// given by the test (buildApp's overrides), whose notifyUser answers what each test scripts. Users
// and grants are written through their services, as a login and a subscription would.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type DouyinClient, DouyinError, type NotifyUserInput } from "@tt/douyin";
import { apiTestEnv, testDatabaseUrl } from "@tt/test-support";
import { afterAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { OutboxMessage } from "../src/domain/models.ts";
import { LogCapture } from "./helper.ts";
import { messagingEnv, templates } from "./outbox-helpers.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-outbox-worker-"));
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(dir, { recursive: true, force: true });
});

type Answer = () => Promise<{ logId?: string }>;

/** A platform that answers notifyUser as scripted; it has no other method (a call would throw). */
function scriptedPlatform(answers: Answer[]) {
  const calls: NotifyUserInput[] = [];
  const notifyUser = async (params: NotifyUserInput) => {
    calls.push(params);
    const next = answers.shift();
    if (!next) throw new Error("no answer scripted for this call");
    return next();
  };
  return { client: { notifyUser } as unknown as DouyinClient, calls };
}

const platformError = (reason: DouyinError["reason"], platformCode: number) =>
  new DouyinError({
    message: `scripted ${reason}`,
    platformCode,
    path: "/api/notification/v2/subscription/notify_user/",
    category: reason === "platform-busy" ? "retryable" : "user-action",
    reason,
    kind: "platform",
  });

let built = 0;
async function appWith(platform: DouyinClient) {
  built += 1;
  const config = loadConfig({
    // Never contacted: the platform is the test's.
    ...apiTestEnv(dir, "http://127.0.0.1:9", { DATABASE_URL: testDatabaseUrl(dir, `w-${built}`) }),
    ...messagingEnv,
  });
  const app = await buildApp(config, {
    logStream: new LogCapture(),
    overrides: { douyin: platform },
  });
  apps.push(app);
  await app.ready();
  return app;
}

/** A user with one accepted one-time grant for the shipping template. */
async function subscribedUser(app: App, openid: string) {
  const user = await app.users.recordLogin({ appid: app.config.douyin.appid, openid });
  await app.grants.recordResult(user.id, { [templates.shipping.id]: "accept" });
  return user;
}

/** Queues the shipping message (one-time template) for the user. */
async function queueShipping(app: App, userId: string, openid: string) {
  const { message } = await app.outbox.enqueue({
    userId,
    openid,
    templateId: templates.shipping.id,
    data: templates.shipping.data,
  });
  return message;
}

async function settledMessage(app: App, id: string): Promise<OutboxMessage> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const message = await app.outbox.find(id);
    if (message && !["queued", "sending"].includes(message.status)) return message;
    if (Date.now() > deadline) throw new Error(`message still ${message?.status} after 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the outbox worker, on a scripted platform", () => {
  it("sends, records the platform's log id and spends the one-time credit", async () => {
    const platform = scriptedPlatform([async () => ({ logId: "log-1" })]);
    const app = await appWith(platform.client);
    const user = await subscribedUser(app, "o-sent");
    const { message } = await app.outbox.enqueue({
      userId: user.id,
      openid: "o-sent",
      templateId: templates.shipping.id,
      data: templates.shipping.data,
      page: "pages/index/index",
    });
    expect(await settledMessage(app, message.id)).toMatchObject({
      status: "sent",
      attempts: 0,
      platformLogId: "log-1",
    });
    expect(platform.calls).toEqual([
      {
        openid: "o-sent",
        templateId: templates.shipping.id,
        data: templates.shipping.data,
        page: "pages/index/index",
      },
    ]);
    expect(await app.grants.list(user.id)).toEqual([
      { templateId: templates.shipping.id, kind: "one-time", credits: 0, active: true },
    ]);
  });

  it("rejects on not-subscribed at once and corrects the grant, in one transaction", async () => {
    const platform = scriptedPlatform([
      async () => {
        throw platformError("not-subscribed", 28014043);
      },
    ]);
    const app = await appWith(platform.client);
    const user = await subscribedUser(app, "o-refused");
    const message = await queueShipping(app, user.id, "o-refused");
    expect(await settledMessage(app, message.id)).toMatchObject({
      status: "rejected",
      rejectReason: "not subscribed",
      attempts: 1,
      lastError: "Douyin 28014043: scripted not-subscribed",
    });
    expect(platform.calls).toHaveLength(1);
    expect((await app.grants.list(user.id))[0]).toMatchObject({ credits: 0 });
  });

  it("retries a busy platform and an unexpected exception, then sends", async () => {
    const platform = scriptedPlatform([
      async () => {
        throw platformError("platform-busy", -1);
      },
      async () => {
        throw new TypeError("boom");
      },
      async () => ({ logId: "log-3" }),
    ]);
    const app = await appWith(platform.client);
    const user = await subscribedUser(app, "o-retried");
    const message = await queueShipping(app, user.id, "o-retried");
    expect(await settledMessage(app, message.id)).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: "internal error (TypeError)",
      platformLogId: "log-3",
    });
    expect(platform.calls).toHaveLength(3);
  });

  it("gives up after OUTBOX_MAX_ATTEMPTS retryable failures", async () => {
    const busy = async () => {
      throw platformError("platform-busy", -1);
    };
    const platform = scriptedPlatform([busy, busy]);
    built += 1;
    const config = loadConfig({
      ...apiTestEnv(dir, "http://127.0.0.1:9", {
        DATABASE_URL: testDatabaseUrl(dir, `w-${built}`),
      }),
      ...messagingEnv,
      OUTBOX_MAX_ATTEMPTS: "2",
    });
    const app = await buildApp(config, {
      logStream: new LogCapture(),
      overrides: { douyin: platform.client },
    });
    apps.push(app);
    await app.ready();
    const user = await subscribedUser(app, "o-failed");
    const message = await queueShipping(app, user.id, "o-failed");
    expect(await settledMessage(app, message.id)).toMatchObject({ status: "failed", attempts: 2 });
    expect(platform.calls).toHaveLength(2);
    // Not sent: the credit stays for a later message.
    expect((await app.grants.list(user.id))[0]).toMatchObject({ credits: 1 });
  });
});
