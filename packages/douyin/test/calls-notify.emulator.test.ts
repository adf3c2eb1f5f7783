import { describe, expect, it } from "vitest";
import { DouyinInputError } from "../src/index.ts";
import {
  BANNED_WORD,
  expectNoSecretsIn,
  LONG_TERM_TEMPLATE,
  ONE_TIME_TEMPLATE,
  ONE_TIME_TEMPLATE_2,
  useEmulator,
} from "./calls-support.ts";

const NOTIFY = "/api/notification/v2/subscription/notify_user/";
const NOTIFY_V1 = "/api/apps/subscribe_notification/developer/v1/notify";
const QUERY = "/api/notification/v2/subscription/query_user_subscribe/";
const emu = useEmulator("sdk-notify");

/** Logs `user` in and accepts (or decides) the templates in the subscription panel. */
async function subscribe(
  user: string,
  templateIds: string[],
  decisions: Record<string, string> = {},
): Promise<string> {
  const openid = await emu.openidOf(user);
  await emu.control("POST", "/device/subscribe", { user, tmplIds: templateIds, decisions });
  return openid;
}

const inboxOf = async (user: string) =>
  (await emu.control("GET", `/device/inbox?user=${user}`)).messages as unknown[];
const nextSecond = () => emu.control("POST", "/emulator/clock", { advanceMs: 1100 });

describe("notifyUser (v2) against the emulator", () => {
  it("delivers a message to a subscribed user", async () => {
    const openid = await subscribe("alice", [ONE_TIME_TEMPLATE.id]);
    const result = await emu.clientWith().notifyUser({
      openid,
      templateId: ONE_TIME_TEMPLATE.id,
      data: ONE_TIME_TEMPLATE.data,
      page: "pages/order/order?id=1",
      notifyType: [1, 2],
    });
    expect(result).toEqual({ logId: expect.any(String) });
    expect(await inboxOf("alice")).toEqual([
      expect.objectContaining({
        templateId: ONE_TIME_TEMPLATE.id,
        data: ONE_TIME_TEMPLATE.data,
        notifyType: [1, 2],
      }),
    ]);
  });

  it("answers 28014043 without a grant, and after the one-time grant was used", async () => {
    const client = emu.clientWith();
    const openid = await emu.openidOf("bob");
    const send = () =>
      client.notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data });
    expect((await emu.failureOf(send())).platformCode).toBe(28014043);
    await subscribe("bob", [ONE_TIME_TEMPLATE.id]);
    await send();
    await nextSecond();
    const error = await emu.failureOf(send());
    expect(error).toMatchObject({ platformCode: 28014043, kind: "platform", path: NOTIFY });
    expect(await emu.calls(NOTIFY)).toBe(3);
  });

  it("answers 1000 for keywords that are not the template's", async () => {
    const openid = await subscribe("carol", [ONE_TIME_TEMPLATE.id]);
    const error = await emu.failureOf(
      emu.clientWith().notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: { x: "1" } }),
    );
    expect(error).toMatchObject({ platformCode: 1000, category: "configuration" });
  });

  it("answers 1008 for banned content", async () => {
    const openid = await subscribe("dave", [ONE_TIME_TEMPLATE.id]);
    const data = { ...ONE_TIME_TEMPLATE.data, 快递公司: BANNED_WORD };
    const error = await emu.failureOf(
      emu.clientWith().notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data }),
    );
    expect(error.platformCode).toBe(1008);
  });

  it("answers 1010 for a second message within a second", async () => {
    const client = emu.clientWith();
    const openid = await subscribe("erin", [LONG_TERM_TEMPLATE.id]);
    const send = () =>
      client.notifyUser({
        openid,
        templateId: LONG_TERM_TEMPLATE.id,
        data: LONG_TERM_TEMPLATE.data,
      });
    await send();
    expect((await emu.failureOf(send())).platformCode).toBe(1010);
    await nextSecond();
    // The next second the same user may be messaged again: the platform accepts (a log id).
    await expect(send()).resolves.toMatchObject({ logId: expect.any(String) });
  });

  it("is never retried: busy (-1) is exactly one call", async () => {
    const openid = await subscribe("frank", [ONE_TIME_TEMPLATE.id]);
    await emu.fault({ path: NOTIFY, errNo: -1, times: 1 });
    const error = await emu.failureOf(
      emu
        .clientWith()
        .notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data }),
    );
    expect(error).toMatchObject({ platformCode: -1, category: "retryable" });
    expect(await emu.calls(NOTIFY)).toBe(1);
    expect(await inboxOf("frank")).toEqual([]);
  });

  it("is never retried after a timeout (the platform may have delivered it)", async () => {
    const openid = await subscribe("gina", [ONE_TIME_TEMPLATE.id]);
    await emu.fault({ path: NOTIFY, delayMs: 500 });
    const error = await emu.failureOf(
      emu
        .clientWith({ timeoutMs: 150 })
        .notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data }),
    );
    expect(error.kind).toBe("timeout");
    expect(await emu.calls(NOTIFY)).toBe(1);
    await emu.settled();
    expect(await inboxOf("gina")).toHaveLength(1); // a retry would have sent a second one
  });

  it("is not retried on HTTP 503 either", async () => {
    const openid = await subscribe("hank", [ONE_TIME_TEMPLATE.id]);
    await emu.fault({ path: NOTIFY, status: 503, times: 1 });
    const error = await emu.failureOf(
      emu
        .clientWith()
        .notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data }),
    );
    expect(error).toMatchObject({ kind: "http", httpStatus: 503 });
    expect(await emu.calls(NOTIFY)).toBe(1);
  });

  it("renews a revoked client_token once; the message is delivered once", async () => {
    const client = emu.clientWith();
    const openid = await subscribe("ivy", [ONE_TIME_TEMPLATE.id, ONE_TIME_TEMPLATE_2.id]);
    await client.notifyUser({
      openid,
      templateId: ONE_TIME_TEMPLATE.id,
      data: ONE_TIME_TEMPLATE.data,
    });
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    await nextSecond();
    await client.notifyUser({
      openid,
      templateId: ONE_TIME_TEMPLATE_2.id,
      data: ONE_TIME_TEMPLATE_2.data,
    });
    expect(await emu.calls(NOTIFY)).toBe(3);
    expect(await inboxOf("ivy")).toHaveLength(2);
  });

  it.each([
    ["no input", null],
    ["no openid", { templateId: "T", data: { a: "1" } }],
    ["an openid with spaces", { openid: "a b", templateId: "T", data: { a: "1" } }],
    ["no templateId", { openid: "o", data: { a: "1" } }],
    ["no data", { openid: "o", templateId: "T" }],
    ["empty data", { openid: "o", templateId: "T", data: {} }],
    ["a numeric value", { openid: "o", templateId: "T", data: { a: 1 } }],
    ["a numeric page", { openid: "o", templateId: "T", data: { a: "1" }, page: 3 }],
  ])("refuses %s before any request", async (_label, input) => {
    const client = emu.clientWith();
    await expect(client.notifyUser(input as never)).rejects.toBeInstanceOf(DouyinInputError);
    await expect(client.notifyLegacy(input as never)).rejects.toBeInstanceOf(DouyinInputError);
    expect(await emu.calls(NOTIFY)).toBe(0);
    expect(await emu.calls(NOTIFY_V1)).toBe(0);
  });
});

describe("notifyUser's own arguments", () => {
  it("refuses a notifyType that is not a list of 1 and/or 2 before any request", async () => {
    for (const notifyType of [1, 0, [], [3], [1.5], ["1"], [1, 1], [1, 2, 2], "1"]) {
      const input = { openid: "o", templateId: "T", data: { a: "1" }, notifyType };
      await expect(emu.clientWith().notifyUser(input as never)).rejects.toBeInstanceOf(
        DouyinInputError,
      );
    }
    expect(await emu.calls(NOTIFY)).toBe(0);
  });
});

describe("notifyLegacy (v1) against the emulator", () => {
  it("delivers a message with access_token and app_id in the body", async () => {
    const openid = await subscribe("judy", [ONE_TIME_TEMPLATE.id]);
    await expect(
      emu.clientWith().notifyLegacy({
        openid,
        templateId: ONE_TIME_TEMPLATE.id,
        data: ONE_TIME_TEMPLATE.data,
        page: "pages/index/index",
      }),
    ).resolves.toEqual({});
    expect(await inboxOf("judy")).toHaveLength(1);
  });

  it("answers 28014043 without a grant and 1000 for a foreign template", async () => {
    const client = emu.clientWith();
    const openid = await emu.openidOf("karl");
    const notSubscribed = await emu.failureOf(
      client.notifyLegacy({
        openid,
        templateId: ONE_TIME_TEMPLATE.id,
        data: ONE_TIME_TEMPLATE.data,
      }),
    );
    expect(notSubscribed).toMatchObject({ platformCode: 28014043, path: NOTIFY_V1 });
    const unknown = await emu.failureOf(
      client.notifyLegacy({ openid, templateId: "MSG_UNKNOWN", data: { a: "1" } }),
    );
    expect(unknown.platformCode).toBe(1000);
  });

  it("renews a revoked access_token once (40002)", async () => {
    const client = emu.clientWith();
    const openid = await subscribe("liam", [ONE_TIME_TEMPLATE.id, ONE_TIME_TEMPLATE_2.id]);
    await client.notifyLegacy({
      openid,
      templateId: ONE_TIME_TEMPLATE.id,
      data: ONE_TIME_TEMPLATE.data,
    });
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "access_token" });
    await nextSecond();
    await client.notifyLegacy({
      openid,
      templateId: ONE_TIME_TEMPLATE_2.id,
      data: ONE_TIME_TEMPLATE_2.data,
    });
    expect(await emu.calls(NOTIFY_V1)).toBe(3);
    expect(await inboxOf("liam")).toHaveLength(2);
  });

  it("is never retried: busy and timeout are one call each", async () => {
    const openid = await subscribe("mia", [ONE_TIME_TEMPLATE.id]);
    const input = { openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data };
    await emu.fault({ path: NOTIFY_V1, errNo: -1, times: 1 });
    expect((await emu.failureOf(emu.clientWith().notifyLegacy(input))).platformCode).toBe(-1);
    expect(await emu.calls(NOTIFY_V1)).toBe(1);
    await emu.fault({ path: NOTIFY_V1, delayMs: 500 });
    const timeout = await emu.failureOf(emu.clientWith({ timeoutMs: 150 }).notifyLegacy(input));
    expect(timeout.kind).toBe("timeout");
    expect(await emu.calls(NOTIFY_V1)).toBe(2);
  });
});

describe("queryUserSubscription against the emulator", () => {
  it("tells whether a user can be sent a template", async () => {
    const client = emu.clientWith();
    const openid = await emu.openidOf("nina");
    const query = () => client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    expect(await query()).toMatchObject({ subscribeStatus: 0, userAllowNotification: false });
    await subscribe("nina", [ONE_TIME_TEMPLATE.id]);
    expect(await query()).toMatchObject({ subscribeStatus: 1, logId: expect.any(String) });
  });

  it("answers 28014001 for a template of another app, without retrying", async () => {
    const openid = await emu.openidOf("oscar");
    const error = await emu.failureOf(
      emu.clientWith().queryUserSubscription({ openid, templateId: "MSG_UNKNOWN" }),
    );
    expect(error).toMatchObject({ platformCode: 28014001, category: "configuration", path: QUERY });
    expect(await emu.calls(QUERY)).toBe(1);
  });

  it("retries busy (-1) once and succeeds: two calls", async () => {
    const openid = await emu.openidOf("paul");
    await emu.fault({ path: QUERY, errNo: -1, times: 1 });
    const result = await emu
      .clientWith()
      .queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    expect(result.subscribeStatus).toBe(0);
    expect(await emu.calls(QUERY)).toBe(2);
  });

  it("retries a timeout and succeeds", async () => {
    const openid = await emu.openidOf("quin");
    await emu.fault({ path: QUERY, delayMs: 500 });
    const client = emu.clientWith({ timeoutMs: 150 });
    await client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    expect(await emu.calls(QUERY)).toBe(2);
  });

  it("gives up after `attempts` timeouts", async () => {
    const openid = await emu.openidOf("rita");
    await emu.fault({ path: QUERY, delayMs: 400, times: 2 });
    const client = emu.clientWith({ timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1 } });
    const error = await emu.failureOf(
      client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id }),
    );
    expect(error).toMatchObject({ kind: "timeout", category: "retryable" });
    expect(await emu.calls(QUERY)).toBe(2);
  });

  it("does not retry a configuration error (40015): one call", async () => {
    const openid = await emu.openidOf("sam");
    await emu.fault({ path: QUERY, errNo: 40015, times: 1 });
    const error = await emu.failureOf(
      emu.clientWith().queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id }),
    );
    expect(error).toMatchObject({ platformCode: 40015, category: "configuration" });
    expect(await emu.calls(QUERY)).toBe(1);
  });

  it("does not retry at all with attempts: 1", async () => {
    const openid = await emu.openidOf("tom");
    await emu.fault({ path: QUERY, errNo: -1, times: 1 });
    const client = emu.clientWith({ retry: { attempts: 1 } });
    const error = await emu.failureOf(
      client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id }),
    );
    expect(error.platformCode).toBe(-1);
    expect(await emu.calls(QUERY)).toBe(1);
  });

  it("renews a revoked client_token once", async () => {
    const client = emu.clientWith();
    const openid = await emu.openidOf("uma");
    await client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    await client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    expect(await emu.calls(QUERY)).toBe(3);
  });

  it.each([
    ["no input", undefined],
    ["no openid", { templateId: "T" }],
    ["no templateId", { openid: "o" }],
  ])("refuses %s before any request", async (_label, input) => {
    await expect(emu.clientWith().queryUserSubscription(input as never)).rejects.toBeInstanceOf(
      DouyinInputError,
    );
    expect(await emu.calls(QUERY)).toBe(0);
  });

  it("never shows a secret or token in an error", async () => {
    expectNoSecretsIn(emu.errors, emu.sensitive);
  });
});
