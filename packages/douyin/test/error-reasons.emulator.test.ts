// What each failure means, decided in the SDK alone: `reason` (and `category`) per error, per path
// where one code means different things on different paths. Real HTTP against the emulator;
// platform codes the emulator never answers on its own are injected as faults in the path's own
// envelope.
import { describe, expect, it } from "vitest";
import {
  DOUYIN_ERROR_REASONS,
  type DouyinClient,
  type DouyinErrorCategory,
  type DouyinErrorReason,
} from "../src/index.ts";
import { expectNoSecretsIn, ONE_TIME_TEMPLATE, useEmulator } from "./calls-support.ts";

const PHONE = "/api/apps/v1/get_phonenumber_info/";
const NOTIFY = "/api/notification/v2/subscription/notify_user/";
const QUERY = "/api/notification/v2/subscription/query_user_subscribe/";
const URL_LINK = "/api/apps/v1/url_link/generate/";
const emu = useEmulator("sdk-error-reasons");

async function phoneCode(user: string): Promise<string> {
  await emu.control("POST", "/device/login", { user });
  const { code } = await emu.control("POST", "/device/phone-number", { user, flow: "code" });
  emu.sensitive.add(code);
  return code;
}

async function loginCodes(user: string) {
  const codes = await emu.control("POST", "/device/login", { user });
  emu.sensitive.add(codes.code).add(codes.anonymousCode);
  return codes as { code: string; anonymousCode: string };
}

const notifyOne = (client: DouyinClient, openid: string) =>
  client.notifyUser({ openid, templateId: ONE_TIME_TEMPLATE.id, data: ONE_TIME_TEMPLATE.data });

const inAWeek = async () =>
  Math.floor((await emu.control("GET", "/emulator/clock")).now / 1000) + 7 * 86_400;

describe("error classes (issue 7, item 14)", () => {
  it.each([
    [28001006, "platform-busy"],
    [28003018, "too-frequent"],
  ] as const)("retries %i on a safe call with backoff, then succeeds", async (errNo, reason) => {
    const openid = await emu.openidOf(`retry-${errNo}`);
    await emu.fault({ path: QUERY, errNo, times: 1 });
    const client = emu.clientWith();
    await client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    expect(await emu.calls(QUERY)).toBe(2);

    await emu.fault({ path: QUERY, errNo, times: 3 });
    const error = await emu.failureOf(
      client.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id }),
    );
    expect(error).toMatchObject({ platformCode: errNo, category: "retryable", reason });
    expect(await emu.calls(QUERY)).toBe(5);
  });

  it("reads 28005187 from get_phonenumber_info as an expired phone code: a user action", async () => {
    const code = await phoneCode("pia");
    await emu.fault({ path: PHONE, errNo: 28005187, times: 1 });
    const error = await emu.failureOf(emu.clientWith().getPhoneNumber({ code }));
    expect(error).toMatchObject({
      platformCode: 28005187,
      category: "user-action",
      reason: "phone-code-expired",
    });
    expect(await emu.calls(PHONE)).toBe(1);
  });
});

describe("error reasons (issue 7, item 15)", () => {
  it("reads 40018 / 40019 from jscode2session as an invalid login / anonymous code", async () => {
    const client = emu.clientWith();
    const { code } = await loginCodes("lou");
    await client.code2session({ code });
    expect(await emu.failureOf(client.code2session({ code }))).toMatchObject({
      platformCode: 40018,
      category: "user-action",
      reason: "code-invalid",
    });
    expect(
      await emu.failureOf(client.code2session({ anonymousCode: "never-issued" })),
    ).toMatchObject({
      platformCode: 40019,
      category: "user-action",
      reason: "anonymous-code-invalid",
    });
  });

  it("reads 28001007 by its path: a phone code on get_phonenumber_info, a bad request elsewhere", async () => {
    const client = emu.clientWith();
    const used = await phoneCode("pat");
    await client.getPhoneNumber({ code: used });
    expect(await emu.failureOf(client.getPhoneNumber({ code: used }))).toMatchObject({
      platformCode: 28001007,
      category: "user-action",
      reason: "phone-code-invalid",
    });
    await emu.fault({ path: URL_LINK, errNo: 28001007, times: 1 });
    const link = client.generateUrlLink({ appName: "douyin", expireTime: await inAWeek() });
    expect(await emu.failureOf(link)).toMatchObject({
      platformCode: 28001007,
      category: "configuration",
      reason: "invalid-request",
      path: URL_LINK,
    });
  });

  it("names what a failed send means", async () => {
    const client = emu.clientWith();
    const openid = await emu.openidOf("sam");
    const expectations: [number, DouyinErrorCategory, DouyinErrorReason][] = [
      [28014043, "user-action", "not-subscribed"],
      [1010, "retryable", "too-frequent"],
      [1008, "configuration", "content-violation"],
      [1000, "configuration", "invalid-request"],
      [1009, "configuration", "not-permitted"],
      [28014041, "configuration", "quota-exceeded"],
      [28014036, "user-action", "user-refused"],
      [2000, "retryable", "platform-busy"],
      [28006003, "retryable", "too-frequent"],
      [28001016, "configuration", "not-permitted"],
      [99999999, "configuration", "unknown"],
    ];
    for (const [errNo, category, reason] of expectations) {
      await emu.fault({ path: NOTIFY, errNo, times: 1 });
      const error = await emu.failureOf(notifyOne(client, openid));
      expect({ errNo, category: error.category, reason: error.reason }).toEqual({
        errNo,
        category,
        reason,
      });
    }
    // The platform's own answer, not a fault: no grant.
    expect(await emu.failureOf(notifyOne(client, openid))).toMatchObject({
      platformCode: 28014043,
      reason: "not-subscribed",
    });
  });

  it("names failures without a platform code (timeout, network, HTTP) and credential failures", async () => {
    const openid = await emu.openidOf("tia");
    const once = emu.clientWith({ retry: { attempts: 1 }, timeoutMs: 150 });
    const query = () => once.queryUserSubscription({ openid, templateId: ONE_TIME_TEMPLATE.id });
    const reasonOf = async (fault: Record<string, unknown>) => {
      await emu.fault({ path: QUERY, times: 1, ...fault });
      return (await emu.failureOf(query())).reason;
    };
    expect(await reasonOf({ delayMs: 400 })).toBe("timeout");
    expect(await reasonOf({ drop: true })).toBe("network");
    expect(await reasonOf({ status: 503 })).toBe("platform-busy");
    expect(await reasonOf({ status: 429 })).toBe("too-frequent");
    expect(await reasonOf({ status: 404 })).toBe("unknown");
    // A refused token, renewed once and refused again.
    expect(await reasonOf({ errNo: 28001003, times: 2 })).toBe("token-invalid");
    const wrongSecret = emu.clientWith({ secret: "tt_wrong_secret" });
    const { code } = await loginCodes("tia");
    expect((await emu.failureOf(wrongSecret.code2session({ code }))).reason).toBe(
      "credentials-invalid",
    );
  });

  it("lists every reason it can give", () => {
    expect([...DOUYIN_ERROR_REASONS].sort()).toEqual(
      [
        "anonymous-code-invalid",
        "bad-response",
        "code-invalid",
        "content-violation",
        "credentials-invalid",
        "invalid-request",
        "network",
        "not-permitted",
        "not-subscribed",
        "phone-code-expired",
        "phone-code-invalid",
        "platform-busy",
        "quota-exceeded",
        "timeout",
        "token-invalid",
        "too-frequent",
        "unknown",
        "user-refused",
      ].sort(),
    );
  });

  it("never shows a secret, code or token in an error", () => {
    expect(emu.errors.length).toBeGreaterThan(20);
    expectNoSecretsIn(emu.errors, emu.sensitive);
  });
});
