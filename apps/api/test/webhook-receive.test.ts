// The webhook route and the webhooks service without the emulator: pushes are signed here and sent
// with inject(), or handed to app.webhooks.receive with the clock the test chooses (retention,
// pruning, processedAt). Every test builds its own app (no beforeAll): a plugin that fails to
// register must fail a test, not skip it.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readWebhook } from "@tt/douyin";
import { apiTestEnv, expectProblem, testDatabaseUrl } from "@tt/test-support";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { UnitOfWork } from "../src/lib/unit-of-work.ts";
import webhooksPlugin, { type Webhooks } from "../src/plugins/app/webhooks.ts";
import { delegatingUnit, LogCapture, registerOnHost } from "./helper.ts";
import { messagingEnv, templates } from "./outbox-helpers.ts";

const dir = mkdtempSync(path.join(tmpdir(), "tt-webhook-receive-"));
const apps: App[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = new Date(Date.UTC(2025, 5, 1, 12));
const later = (ms: number) => new Date(T0.getTime() + ms);
const url = "/api/douyin/webhook";

let built = 0;
async function freshApp(overrides: Record<string, string> = {}) {
  built += 1;
  const config = loadConfig({
    // Never contacted: nothing here calls the platform.
    ...apiTestEnv(dir, "http://127.0.0.1:9", { DATABASE_URL: testDatabaseUrl(dir, `w-${built}`) }),
    ...messagingEnv,
    WEBHOOK_RETENTION_DAYS: "7",
    ...overrides,
  });
  const logs = new LogCapture();
  const app = await buildApp(config, { logStream: logs });
  apps.push(app);
  await app.ready();
  return { app, logs };
}

const sign = (app: App, body: string) =>
  createHash("sha1")
    .update(app.config.douyin.webhookSecret + body, "utf8")
    .digest("hex");
const sha256 = (body: string) => createHash("sha256").update(body).digest("base64url");

/** A signed push as the route reads it, for app.webhooks.receive. */
function pushOf(app: App, body: string, msgId?: string) {
  const headers = { "x-douyin-signature": sign(app, body), ...(msgId ? { "msg-id": msgId } : {}) };
  return readWebhook({ headers, rawBody: body, secret: app.config.douyin.webhookSecret });
}

function receive(app: App, body: string, msgId: string | undefined, now: Date) {
  return app.webhooks.receive(pushOf(app, body, msgId), Buffer.from(body), app.log, now);
}

/** user_subscribe_action as Douyin sends it; `time` in Unix seconds. */
function action(
  app: App,
  fields: { openid?: string; templateId?: string; action: number; time?: number },
  clientKey: string | null = app.config.douyin.appid,
) {
  return JSON.stringify({
    event: "user_subscribe_action",
    ...(clientKey === null ? {} : { client_key: clientKey }),
    ...(fields.openid === undefined ? {} : { from_user_id: fields.openid }),
    content: JSON.stringify({
      ...(fields.templateId === undefined ? {} : { msg_id: fields.templateId }),
      ...(fields.time === undefined ? {} : { time: fields.time }),
      subscribe_action: fields.action,
    }),
  });
}

async function userIn(app: App, openid: string) {
  return app.users.recordLogin({ appid: app.config.douyin.appid, openid }, T0);
}

const grantsOf = (app: App, userId: string) =>
  app.db.subscriptionGrant.findMany({ where: { userId }, orderBy: { templateId: "asc" } });
const eventRow = (app: App, msgId: string) =>
  app.db.webhookEvent.findUniqueOrThrow({ where: { msgId } });

/** The app's log lines with this message, parsed. */
const logged = (logs: LogCapture, msg: string) =>
  logs.lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);

describe("app.webhooks.receive", () => {
  it("stores the event with its hash and times, applies it and sets processedAt", async () => {
    const { app, logs } = await freshApp();
    const user = await userIn(app, "o-ann");
    const body = action(app, { openid: "o-ann", templateId: templates.shipping.id, action: 1 });
    expect(await receive(app, body, "m-1", T0)).toBe("stored");
    expect(await eventRow(app, "m-1")).toEqual({
      msgId: "m-1",
      bodySha256: sha256(body),
      event: "user_subscribe_action",
      payload: body,
      receivedAt: T0,
      processedAt: T0,
    });
    expect(await grantsOf(app, user.id)).toMatchObject([
      { templateId: templates.shipping.id, kind: "one-time", credits: 1, active: true },
    ]);
    expect(logged(logs, "webhook event stored")).toMatchObject([
      { msgId: "m-1", event: "user_subscribe_action", handling: "applied" },
    ]);
    expect(logs.text).not.toContain("already stored");
  });

  it("stores an unknown event without handling it, and without a warning", async () => {
    const { app, logs } = await freshApp();
    const body = JSON.stringify({ event: "some_future_event", content: { a: 1 } });
    expect(await receive(app, body, "m-future", T0)).toBe("stored");
    expect((await eventRow(app, "m-future")).processedAt).toBeNull();
    expect(logged(logs, "webhook event stored")).toMatchObject([
      { msgId: "m-future", event: "some_future_event", handling: "not applied" },
    ]);
    expect(logs.text).not.toContain('"level":40');
  });

  it("applies an event without client_key, and not another app's", async () => {
    const { app, logs } = await freshApp();
    const user = await userIn(app, "o-ck");
    const fields = { openid: "o-ck", templateId: templates.progress.id, action: 2 };
    expect(await receive(app, action(app, fields, "tt_other_app"), "m-other", T0)).toBe("stored");
    expect((await eventRow(app, "m-other")).processedAt).toBeNull();
    expect(await grantsOf(app, user.id)).toEqual([]);
    expect(logged(logs, "webhook event for another app: stored only")).toMatchObject([
      { level: 40, event: "user_subscribe_action" },
    ]);

    expect(await receive(app, action(app, fields, null), "m-none", T0)).toBe("stored");
    expect((await eventRow(app, "m-none")).processedAt).toEqual(T0);
    expect(await grantsOf(app, user.id)).toMatchObject([{ kind: "long-term", active: true }]);
  });

  it("de-duplicates on Msg-Id and on the signed body; without Msg-Id the body's hash is the id", async () => {
    const { app, logs } = await freshApp();
    const user = await userIn(app, "o-dup");
    const body = action(app, { openid: "o-dup", templateId: templates.shipping.id, action: 1 });
    expect(await receive(app, body, undefined, T0)).toBe("stored");
    expect(await eventRow(app, `sha256:${sha256(body)}`)).toMatchObject({ payload: body });
    expect(logs.text).not.toContain("already stored");

    const other = action(app, { openid: "o-dup", templateId: templates.booking.id, action: 1 });
    expect(await receive(app, body, undefined, later(1))).toBe("duplicate");
    expect(await receive(app, body, "m-replay", later(2))).toBe("duplicate");
    expect(await receive(app, other, "m-other", later(3))).toBe("stored");
    expect(await receive(app, other, "m-other", later(4))).toBe("duplicate");
    expect(await receive(app, `${other} `, "m-other", later(5))).toBe("duplicate");
    expect(logged(logs, "webhook event already stored")).toMatchObject([
      { msgId: `sha256:${sha256(body)}`, event: "user_subscribe_action" },
      { msgId: "m-replay" },
      { msgId: "m-other" },
      { msgId: "m-other" },
    ]);
    expect(await app.db.webhookEvent.count()).toBe(2);
    expect((await grantsOf(app, user.id)).map((grant) => grant.credits)).toEqual([1, 1]);
  });

  it("handles what changes no grant (0, a refused one-time) and stores what it cannot apply", async () => {
    const { app, logs } = await freshApp();
    const user = await userIn(app, "o-misc");
    await receive(
      app,
      action(app, { openid: "o-misc", templateId: templates.shipping.id, action: 1 }),
      "m-grant",
      T0,
    );
    const granted = await grantsOf(app, user.id);
    const cases: [string, string, boolean][] = [
      [action(app, { openid: "o-misc", templateId: templates.shipping.id, action: 0 }), "m0", true],
      [action(app, { openid: "o-misc", templateId: templates.shipping.id, action: 4 }), "m4", true],
      [action(app, { openid: "o-misc", templateId: "MSG_unknown", action: 1 }), "m-tpl", false],
      [
        action(app, { openid: "o-nobody", templateId: templates.shipping.id, action: 1 }),
        "m-u",
        false,
      ],
      [action(app, { templateId: templates.shipping.id, action: 1 }), "m-no-openid", false],
      [action(app, { openid: "o-misc", action: 1 }), "m-no-tpl", false],
      [
        action(app, { openid: "o-misc", templateId: templates.shipping.id, action: 9 }),
        "m9",
        false,
      ],
      [JSON.stringify({ event: "some_future_event", content: {} }), "m-future", false],
    ];
    for (const [body, msgId, handled] of cases) {
      expect(await receive(app, body, msgId, later(1))).toBe("stored");
      expect((await eventRow(app, msgId)).processedAt).toEqual(handled ? later(1) : null);
    }
    expect(await grantsOf(app, user.id)).toEqual(granted);
    expect(
      logged(logs, "user_subscribe_action without a usable content: stored only"),
    ).toMatchObject([{ level: 40, event: "user_subscribe_action" }]);
    expect(logged(logs, "webhook event stored").map((line) => [line.msgId, line.handling])).toEqual(
      [
        ["m-grant", "applied"],
        ["m0", "nothing to do"],
        ["m4", "nothing to do"],
        ["m-tpl", "not applied"],
        ["m-u", "not applied"],
        ["m-no-openid", "not applied"],
        ["m-no-tpl", "not applied"],
        ["m9", "not applied"],
        ["m-future", "not applied"],
      ],
    );
  });

  it("turns a long-term grant off on 3", async () => {
    const { app } = await freshApp();
    const user = await userIn(app, "o-lt");
    const fields = { openid: "o-lt", templateId: templates.progress.id };
    await receive(app, action(app, { ...fields, action: 2 }), "m-on", T0);
    expect(await receive(app, action(app, { ...fields, action: 3 }), "m-off", later(1))).toBe(
      "stored",
    );
    expect((await eventRow(app, "m-off")).processedAt).toEqual(later(1));
    expect(await grantsOf(app, user.id)).toMatchObject([{ kind: "long-term", active: false }]);
  });

  it("applies a decision up to the retention window old, and only stores an older one", async () => {
    const { app, logs } = await freshApp();
    const user = await userIn(app, "o-old");
    const seconds = (date: Date) => date.getTime() / 1000;
    const decided = (ms: number) =>
      action(app, {
        openid: "o-old",
        templateId: templates.shipping.id,
        action: 1,
        time: seconds(T0) - ms / 1000,
      });
    expect(await receive(app, decided(7 * DAY + 1000), "m-too-old", T0)).toBe("stored");
    expect((await eventRow(app, "m-too-old")).processedAt).toBeNull();
    expect(await grantsOf(app, user.id)).toEqual([]);
    expect(logged(logs, "user_subscribe_action older than the retention window")).toMatchObject([
      { level: 40, event: "user_subscribe_action" },
    ]);

    for (const [age, msgId] of [
      [7 * DAY, "m-edge"],
      [6 * DAY, "m-6d"],
      [1000, "m-1s"],
    ] as const) {
      expect(await receive(app, decided(age), msgId, T0)).toBe("stored");
      expect((await eventRow(app, msgId)).processedAt).toEqual(T0);
    }
    expect(await grantsOf(app, user.id)).toMatchObject([{ credits: 3 }]);
  });

  it("forgets events past the retention window, at most once an hour", async () => {
    const { app, logs } = await freshApp();
    const stored = (msgId: string, receivedAt: Date) =>
      app.db.webhookEvent.create({
        data: { msgId, bodySha256: `hash-${msgId}`, event: "x", payload: "{}", receivedAt },
      });
    const left = async () =>
      (await app.db.webhookEvent.findMany({ orderBy: { msgId: "asc" } })).map((row) => row.msgId);
    const event = (n: number) => JSON.stringify({ event: "x", n });

    await stored("a-8d", later(-8 * DAY));
    await stored("b-7d", later(-7 * DAY));
    await stored("c-6d", later(-6 * DAY));
    await receive(app, event(1), "n-1", T0);
    expect(await left()).toEqual(["b-7d", "c-6d", "n-1"]);
    expect(logged(logs, "webhook events past retention deleted")).toMatchObject([
      { count: 1, retentionDays: 7 },
    ]);

    // Within the hour nothing is pruned, even what has grown old since.
    await receive(app, event(2), "n-2", later(HOUR - 1));
    expect(await left()).toEqual(["b-7d", "c-6d", "n-1", "n-2"]);
    // An hour later it is.
    await receive(app, event(3), "n-3", later(HOUR));
    expect(await left()).toEqual(["c-6d", "n-1", "n-2", "n-3"]);
    // Nothing to delete: no log line.
    await receive(app, event(4), "n-4", later(2 * HOUR));
    expect(await left()).toEqual(["c-6d", "n-1", "n-2", "n-3", "n-4"]);
    expect(logged(logs, "webhook events past retention deleted")).toMatchObject([
      { count: 1 },
      { count: 1 },
    ]);
  });
});

describe("a push that lost a race to its twin", () => {
  /**
   * The webhooks service over the app's database, whose webhookEvent.findFirst misses the first
   * `misses` times (the twin had not committed yet) and whose webhookEvent.create fails with
   * `createError` when set.
   */
  async function racingWebhooks(app: App, misses: number, createError?: unknown) {
    const real = app.unitOfWork;
    let finds = 0;
    let creates = 0;
    const wrap = (db: UnitOfWork["db"]) =>
      new Proxy(db, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== "webhookEvent") return value;
          return new Proxy(value, {
            get(events, name, eventsReceiver) {
              const method = Reflect.get(events, name, eventsReceiver);
              if (name === "findFirst") {
                return (...args: unknown[]) => {
                  finds += 1;
                  return finds <= misses ? Promise.resolve(null) : method.apply(events, args);
                };
              }
              if (name === "create") {
                return (...args: unknown[]) => {
                  creates += 1;
                  return createError === undefined
                    ? method.apply(events, args)
                    : Promise.reject(createError);
                };
              }
              return method;
            },
          });
        },
      });
    const host = await registerOnHost(webhooksPlugin, {
      unitOfWork: delegatingUnit(real, { db: () => wrap(real.db) }),
      users: app.users,
      grants: app.grants,
      config: app.config,
    });
    return { webhooks: host.webhooks as Webhooks, creates: () => creates };
  }

  it("answers duplicate when the insert fails on the twin's row", async () => {
    const { app, logs } = await freshApp();
    const body = JSON.stringify({ event: "x", n: 1 });
    expect(await receive(app, body, "m-twin", T0)).toBe("stored");
    const before = await app.db.webhookEvent.findMany();
    const racing = await racingWebhooks(app, 1);
    const push = pushOf(app, body, "m-twin");
    expect(await racing.webhooks.receive(push, Buffer.from(body), app.log, later(1))).toBe(
      "duplicate",
    );
    expect(racing.creates()).toBe(1);
    expect(await app.db.webhookEvent.findMany()).toEqual(before);
    expect(logged(logs, "webhook event already stored")).toMatchObject([
      { msgId: "m-twin", event: "x" },
    ]);

    // A repeat seen before the insert attempts none.
    const repeat = await racingWebhooks(app, 0);
    expect(await repeat.webhooks.receive(push, Buffer.from(body), app.log, later(2))).toBe(
      "duplicate",
    );
    expect(repeat.creates()).toBe(0);
  });

  it("fails on a unique violation with no twin stored, and on any other error", async () => {
    const { app } = await freshApp();
    const probe = { msgId: "probe", bodySha256: "probe", event: "x", payload: "{}" };
    await app.db.webhookEvent.create({ data: probe });
    const violation = await app.db.webhookEvent
      .create({ data: probe })
      .catch((error: unknown) => error);
    await app.db.webhookEvent.deleteMany();

    const body = JSON.stringify({ event: "x", n: 2 });
    const push = pushOf(app, body, "m-lonely");
    const unique = await racingWebhooks(app, 0, violation);
    await expect(unique.webhooks.receive(push, Buffer.from(body), app.log, T0)).rejects.toBe(
      violation,
    );
    const boom = new Error("disk full");
    const failing = await racingWebhooks(app, 0, boom);
    await expect(failing.webhooks.receive(push, Buffer.from(body), app.log, T0)).rejects.toBe(boom);
    expect(await app.db.webhookEvent.count()).toBe(0);
  });
});

describe("POST /api/douyin/webhook (inject)", () => {
  function post(
    app: App,
    body: string | undefined,
    headers: Record<string, string> = {},
    signed = true,
  ) {
    return app.inject({
      method: "POST",
      url,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(signed ? { "x-douyin-signature": sign(app, body ?? "") } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body }),
    });
  }

  it("accepts Msg-Ids of 1-128 visible ASCII characters and refuses others, storing nothing", async () => {
    const { app } = await freshApp();
    const body = (n: number) => JSON.stringify({ event: "x", n });
    const accepted = ["!", "~", "a".repeat(128), "Az09-_.:!~"];
    for (const [n, msgId] of accepted.entries()) {
      const response = await post(app, body(n), { "msg-id": msgId });
      expect(response.statusCode, msgId).toBe(200);
      expect(response.json()).toEqual({ status: "stored" });
    }
    const stored = await app.db.webhookEvent.findMany({ orderBy: { msgId: "asc" } });
    expect(stored.map((row) => row.msgId).sort()).toEqual([...accepted].sort());

    for (const [n, msgId] of ["a b", "a".repeat(129), "x\ty", "caf\u00e9"].entries()) {
      const problem = expectProblem(
        await post(app, body(100 + n), { "msg-id": msgId }),
        400,
        "VALIDATION_FAILED",
      );
      expect(problem.detail).toBe("Msg-Id must be 1-128 visible ASCII characters");
    }
    expect(await app.db.webhookEvent.findMany({ orderBy: { msgId: "asc" } })).toEqual(stored);
  });

  it("answers a signed challenge whatever its Msg-Id, storing nothing", async () => {
    const { app } = await freshApp();
    const challenge = JSON.stringify({ event: "verify_webhook", content: { challenge: 77 } });
    const response = await post(app, challenge, { "msg-id": "not a valid id" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ challenge: 77 });
    expect(await app.db.webhookEvent.count()).toBe(0);
  });

  it("refuses a bad signature with 401 and logs the drop; a malformed body with 400 and why", async () => {
    const { app, logs } = await freshApp();
    const body = JSON.stringify({ event: "x" });
    expectProblem(
      await post(app, body, { "x-douyin-signature": sign(app, `${body} `) }),
      401,
      "WEBHOOK_SIGNATURE_INVALID",
    );
    expect(logged(logs, "webhook push with a bad signature: dropped")).toMatchObject([
      { level: 40 },
    ]);
    const malformed = expectProblem(await post(app, "[1]"), 400, "VALIDATION_FAILED");
    expect(malformed.detail).toEqual(expect.any(String));
    expect(malformed.detail).not.toBe("");
    // No body at all: read as empty bytes (signed as such), refused as malformed, never a 500.
    expectProblem(await post(app, undefined), 400, "VALIDATION_FAILED");
    expectProblem(await post(app, undefined, {}, false), 401, "WEBHOOK_SIGNATURE_INVALID");
    expect(await app.db.webhookEvent.count()).toBe(0);
  });

  it("takes a body of 64 KiB and refuses a larger one with 413", async () => {
    const { app } = await freshApp();
    const padded = (size: number) => {
      const shell = JSON.stringify({ event: "big", pad: "" });
      return JSON.stringify({ event: "big", pad: "p".repeat(size - shell.length) });
    };
    const largest = padded(64 * 1024);
    expect(Buffer.byteLength(largest)).toBe(65_536);
    const response = await post(app, largest, { "msg-id": "m-big" });
    expect(response.statusCode).toBe(200);
    expect((await eventRow(app, "m-big")).payload).toBe(largest);
    expectProblem(await post(app, padded(64 * 1024 + 1)), 413, "PAYLOAD_TOO_LARGE");
    expect(await app.db.webhookEvent.count()).toBe(1);
  });

  it("is documented in the OpenAPI document with its answers", async () => {
    const { app } = await freshApp();
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const operation = document.paths[url].post;
    expect(operation.tags).toEqual(["webhooks"]);
    expect(operation.summary).toBe(
      "Events pushed by Douyin (verify_webhook, user_subscribe_action, …)",
    );
    expect(operation.description).toContain("X-Douyin-Signature = sha1_hex(secret + raw body)");
    expect(Object.keys(operation.responses).sort()).toEqual(["200", "400", "401", "413"]);
  });
});

describe("the webhooks plugin", () => {
  it("declares its name and the plugins it needs", async () => {
    const bare = Fastify({ logger: false });
    bare.register(webhooksPlugin);
    await expect(bare.ready()).rejects.toThrow(
      "The dependency 'config' of plugin 'webhooks' is not registered",
    );
    await bare.close().catch(() => undefined);
  });
});
