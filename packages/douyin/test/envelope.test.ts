import { describe, expect, it } from "vitest";
import { readEnvelope } from "../src/envelope.ts";
import { categorize } from "../src/error-category.ts";

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

describe("categorize", () => {
  it.each([
    [-1, "retryable"],
    [2000, "retryable"],
    [28001005, "retryable"],
    [28001003, "token-invalid"],
    [28001008, "token-invalid"],
    [40020, "token-invalid"],
    [10008, "token-invalid"],
    [40018, "user-action"],
    [40019, "user-action"],
    [40014, "configuration"],
    [40015, "configuration"],
    [40017, "configuration"],
    [12345, "configuration"],
    ["E_BAD", "configuration"],
  ] as const)("platform code %s → %s", (platformCode, category) => {
    expect(categorize({ kind: "platform", platformCode })).toBe(category);
  });

  it("treats timeouts, network failures, 5xx and 429 as retryable", () => {
    expect(categorize({ kind: "timeout" })).toBe("retryable");
    expect(categorize({ kind: "network" })).toBe("retryable");
    expect(categorize({ kind: "http", platformCode: "http_503", httpStatus: 503 })).toBe(
      "retryable",
    );
    expect(categorize({ kind: "http", platformCode: "http_429", httpStatus: 429 })).toBe(
      "retryable",
    );
    expect(categorize({ kind: "http", platformCode: "http_404", httpStatus: 404 })).toBe(
      "configuration",
    );
    expect(categorize({ kind: "http", platformCode: 40015, httpStatus: 500 })).toBe(
      "configuration",
    );
  });
});
