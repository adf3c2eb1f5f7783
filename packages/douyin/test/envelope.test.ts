import { describe, expect, it } from "vitest";
import { GET_PHONE_NUMBER_MEANINGS } from "../src/calls/phone-number.ts";
import { readEnvelope } from "../src/envelope.ts";
import { classify } from "../src/error-category.ts";
import { JSCODE2SESSION_MEANINGS } from "../src/login/code2session.ts";

describe("readEnvelope", () => {
  it("reads {err_no, err_tips, data}", () => {
    const data = { session_key: "k", openid: "o" };
    expect(readEnvelope({ err_no: 0, err_tips: "success", data })).toMatchObject({
      ok: true,
      data,
    });
    expect(readEnvelope({ err_no: 40018, err_tips: "bad code", data: null })).toMatchObject({
      ok: false,
      platformCode: 40018,
      message: "bad code",
    });
  });

  it("reads {errcode, errmsg}", () => {
    expect(readEnvelope({ errcode: 0, errmsg: "ok", data: [1] })).toMatchObject({
      ok: true,
      data: [1],
    });
    expect(readEnvelope({ errcode: 40015, errmsg: "bad appid" })).toMatchObject({
      ok: false,
      platformCode: 40015,
      message: "bad appid",
    });
  });

  it("reads {err_no, err_msg, log_id, data}", () => {
    expect(readEnvelope({ err_no: 0, err_msg: "", log_id: "L1", data: "x" })).toEqual({
      ok: true,
      data: "x",
      logId: "L1",
      body: { err_no: 0, err_msg: "", log_id: "L1", data: "x" },
    });
    expect(
      readEnvelope({ err_no: 28001008, err_msg: "access token expired", log_id: "L2" }),
    ).toMatchObject({
      ok: false,
      platformCode: 28001008,
      message: "access token expired",
      logId: "L2",
    });
  });

  it("reads the OAuth {data: {error_code, description}, message}", () => {
    const success = {
      data: { access_token: "clt.x", expires_in: 7200, error_code: 0, description: "" },
      message: "success",
    };
    expect(readEnvelope(success)).toMatchObject({ ok: true, data: success.data });
    expect(
      readEnvelope({
        data: { error_code: 10003, description: "client_key invalid" },
        message: "error",
        extra: { logid: "L3" },
      }),
    ).toMatchObject({ ok: false, platformCode: 10003, message: "client_key invalid", logId: "L3" });
    expect(
      readEnvelope({ data: { error_code: 10020, description: "" }, message: "too many calls" }),
    ).toMatchObject({ ok: false, platformCode: 10020, message: "too many calls" });
  });

  it("reads content security's {code, message, error_id}", () => {
    expect(
      readEnvelope({ error_id: "E1", code: 401, message: "bad token", exception: "x" }),
    ).toMatchObject({ ok: false, platformCode: 401, message: "bad token", logId: "E1" });
    const success = { log_id: "L4", data: [{ predicts: [{ hit: false }] }] };
    expect(readEnvelope(success)).toMatchObject({ ok: true, data: success.data, logId: "L4" });
  });

  it("normalises numeric string codes and keeps other strings", () => {
    expect(readEnvelope({ err_no: "40019", err_tips: "x" })).toMatchObject({ platformCode: 40019 });
    expect(readEnvelope({ err_no: "0", data: 1 })).toMatchObject({ ok: true, data: 1 });
    expect(readEnvelope({ errcode: "E_BAD", errmsg: "x" })).toMatchObject({
      ok: false,
      platformCode: "E_BAD",
    });
  });

  it("treats an object without a code as a success (access token read at the top level)", () => {
    const body = { access_token: "t", expires_in: 7200 };
    expect(readEnvelope(body)).toMatchObject({ ok: true, data: body });
  });

  it("refuses what is not an envelope", () => {
    for (const body of [undefined, null, "text", 42, [1, 2], { err_no: null }, { errcode: {} }]) {
      expect(readEnvelope(body)).toBeUndefined();
    }
  });
});

describe("classify", () => {
  it.each([
    [-1, "retryable", "platform-busy"],
    [2000, "retryable", "platform-busy"],
    [28001005, "retryable", "platform-busy"],
    [28001006, "retryable", "platform-busy"],
    [28003018, "retryable", "too-frequent"],
    [1010, "retryable", "too-frequent"],
    [28001003, "token-invalid", "token-invalid"],
    [28001008, "token-invalid", "token-invalid"],
    [40020, "token-invalid", "token-invalid"],
    [10008, "token-invalid", "token-invalid"],
    [28014043, "user-action", "not-subscribed"],
    [28003017, "configuration", "quota-exceeded"],
    [1008, "configuration", "content-violation"],
    [1009, "configuration", "not-permitted"],
    [28001007, "configuration", "invalid-request"],
    [40014, "configuration", "invalid-request"],
    [40015, "configuration", "credentials-invalid"],
    [40017, "configuration", "credentials-invalid"],
    // Login and phone codes mean that only on their own paths (see the calls' meanings).
    [40018, "configuration", "unknown"],
    [28005187, "configuration", "unknown"],
    [12345, "configuration", "unknown"],
    ["E_BAD", "configuration", "unknown"],
  ] as const)("platform code %s → %s, %s", (platformCode, category, reason) => {
    expect(classify({ kind: "platform", platformCode })).toEqual({ category, reason });
  });

  it("lets a call's own meanings win on its path", () => {
    const cases = [
      [JSCODE2SESSION_MEANINGS, 40018, "user-action", "code-invalid"],
      [JSCODE2SESSION_MEANINGS, 40019, "user-action", "anonymous-code-invalid"],
      [JSCODE2SESSION_MEANINGS, 40015, "configuration", "credentials-invalid"],
      [GET_PHONE_NUMBER_MEANINGS, 28001007, "user-action", "phone-code-invalid"],
      [GET_PHONE_NUMBER_MEANINGS, 28005187, "user-action", "phone-code-expired"],
    ] as const;
    for (const [meanings, platformCode, category, reason] of cases) {
      expect(classify({ kind: "platform", platformCode, meanings })).toEqual({ category, reason });
    }
  });

  it("reads failures without a known code by their kind and HTTP status", () => {
    expect(classify({ kind: "timeout" })).toEqual({ category: "retryable", reason: "timeout" });
    expect(classify({ kind: "network" })).toEqual({ category: "retryable", reason: "network" });
    expect(classify({ kind: "http", platformCode: "http_503", httpStatus: 503 })).toEqual({
      category: "retryable",
      reason: "platform-busy",
    });
    expect(classify({ kind: "http", platformCode: "http_429", httpStatus: 429 })).toEqual({
      category: "retryable",
      reason: "too-frequent",
    });
    expect(classify({ kind: "http", platformCode: "http_404", httpStatus: 404 })).toEqual({
      category: "configuration",
      reason: "unknown",
    });
    expect(classify({ kind: "http", platformCode: 40015, httpStatus: 500 })).toEqual({
      category: "configuration",
      reason: "credentials-invalid",
    });
    expect(classify({ kind: "bad-response", httpStatus: 200 })).toEqual({
      category: "configuration",
      reason: "bad-response",
    });
  });
});
