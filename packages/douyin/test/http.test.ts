import { describe, expect, it } from "vitest";
import { createDouyinClient, DouyinError } from "../src/index.ts";
import { failureOf } from "./support/failure.ts";

const secret = "super-secret-value";
const code = "login-code-1234";

/** A client whose fetch answers `status` with `body`, and records what was sent. */
function clientAnswering(status: number, body: string, contentType = "application/json") {
  const sent: { url: string; init: RequestInit | undefined }[] = [];
  const client = createDouyinClient({
    appid: "tt_app",
    secret,
    fetch: async (url, init) => {
      sent.push({ url: String(url), init });
      return new Response(body, { status, headers: { "content-type": contentType } });
    },
  });
  return { client, sent };
}

describe("HTTP layer", () => {
  it("POSTs JSON to the developer host", async () => {
    const { client, sent } = clientAnswering(
      200,
      JSON.stringify({ err_no: 0, err_tips: "success", data: { session_key: "k", openid: "o" } }),
    );
    await expect(client.code2session({ code })).resolves.toEqual({ sessionKey: "k", openid: "o" });
    expect(sent[0]?.url).toBe("https://developer.toutiao.com/api/apps/v2/jscode2session");
    expect(sent[0]?.init?.method).toBe("POST");
    expect(new Headers(sent[0]?.init?.headers).get("content-type")).toBe("application/json");
    expect(JSON.parse(String(sent[0]?.init?.body))).toEqual({ appid: "tt_app", secret, code });
    expect(sent[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("reads a non-2xx answer with a JSON envelope", async () => {
    const { client } = clientAnswering(
      400,
      JSON.stringify({ err_no: 40014, err_msg: "bad params", log_id: "L9" }),
    );
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({
      kind: "http",
      platformCode: 40014,
      httpStatus: 400,
      logId: "L9",
      category: "configuration",
      message: "bad params",
    });
  });

  it("reads a non-2xx answer with a non-JSON body", async () => {
    const { client } = clientAnswering(502, "<html>Bad Gateway</html>", "text/html");
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({
      kind: "http",
      platformCode: "http_502",
      httpStatus: 502,
      category: "retryable",
    });
  });

  it("reports a 2xx answer that is not a JSON envelope as a bad response", async () => {
    const { client } = clientAnswering(200, "<html>login page</html>", "text/html");
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({
      kind: "bad-response",
      platformCode: "bad_response",
      reason: "bad-response",
    });
  });

  it("reports a code's success without a session_key as a bad response", async () => {
    const { client } = clientAnswering(200, JSON.stringify({ err_no: 0, data: {} }));
    const error = await failureOf(client.code2session({ code }));
    expect(error.kind).toBe("bad-response");
  });

  it.each([
    ["omitted", { anonymous_openid: "a1" }],
    ["empty", { session_key: "", openid: "", anonymous_openid: "a1", unionid: "" }],
  ])("accepts an anonymous code's answer with the session_key %s", async (_label, data) => {
    const { client } = clientAnswering(200, JSON.stringify({ err_no: 0, data }));
    await expect(client.code2session({ anonymousCode: "anon-code-1" })).resolves.toEqual({
      anonymousOpenid: "a1",
    });
  });

  it("reports an anonymous code's success without the anonymous_openid as a bad response", async () => {
    const { client } = clientAnswering(200, JSON.stringify({ err_no: 0, data: {} }));
    const error = await failureOf(client.code2session({ anonymousCode: "anon-code-1" }));
    expect(error.kind).toBe("bad-response");
  });

  it("redacts the secret and the codes when the platform echoes them", async () => {
    const { client } = clientAnswering(
      200,
      JSON.stringify({ err_no: 40018, err_tips: `code ${code} is bad for secret ${secret}` }),
    );
    const error = await failureOf(client.code2session({ code }));
    expect(error.platformCode).toBe(40018);
    expect(error.message).not.toContain(code);
    expect(error.message).not.toContain(secret);
    expect(error.message).toContain("[redacted]");
  });

  it("reports a fetch that throws as a network failure", async () => {
    const client = createDouyinClient({
      appid: "tt_app",
      secret,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const error = await failureOf(client.code2session({ code }));
    expect(error).toMatchObject({ kind: "network", category: "retryable" });
    expect(error).toBeInstanceOf(DouyinError);
  });
});
