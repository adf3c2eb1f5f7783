import { describe, expect, it } from "vitest";
import { createDouyinHttp } from "../src/http.ts";
import { failureOf } from "./support/failure.ts";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function httpAnswering(
  status: number,
  body: ConstructorParameters<typeof Response>[0],
  contentType?: string,
) {
  const sent: RequestInit[] = [];
  const http = createDouyinHttp({
    baseUrls: { developer: "https://dev.example", open: "https://open.example" },
    timeoutMs: 1000,
    alwaysSensitive: ["the-secret"],
    fetch: async (_url, init) => {
      sent.push(init ?? {});
      return new Response(body, {
        status,
        headers: contentType === undefined ? {} : { "content-type": contentType },
      });
    },
  });
  return { http, sent };
}

const request = { family: "developer" as const, path: "/api/apps/qrcode", body: { a: 1 } };

describe("http.postForImage", () => {
  it("answers the bytes of an image answer", async () => {
    const { http, sent } = httpAnswering(200, PNG, "image/png");
    const answer = await http.postForImage(request);
    expect(answer).toEqual({ bytes: PNG, contentType: "image/png", httpStatus: 200 });
    expect(Buffer.isBuffer(answer.bytes)).toBe(true);
    expect(new Headers(sent[0]?.headers).get("accept")).toContain("image/*");
  });

  it("reads the media type without parameters, in any case", async () => {
    const { http } = httpAnswering(200, PNG, "Image/JPEG; charset=binary");
    expect((await http.postForImage(request)).contentType).toBe("image/jpeg");
  });

  it("throws the JSON envelope's error ({errcode, errmsg})", async () => {
    const body = JSON.stringify({ errcode: 40002, errmsg: "bad access_token" });
    const { http } = httpAnswering(200, body, "application/json");
    const error = await failureOf(http.postForImage(request));
    expect(error).toMatchObject({ kind: "platform", platformCode: 40002, httpStatus: 200 });
  });

  it("throws the JSON envelope's error ({err_no, err_tips})", async () => {
    const body = JSON.stringify({ err_no: -1, err_tips: "busy" });
    const { http } = httpAnswering(200, body, "application/json");
    expect(await failureOf(http.postForImage(request))).toMatchObject({
      platformCode: -1,
      category: "retryable",
    });
  });

  it("reports an HTML gateway error as an http failure", async () => {
    const { http } = httpAnswering(502, "<html>bad gateway</html>", "text/html");
    expect(await failureOf(http.postForImage(request))).toMatchObject({
      kind: "http",
      platformCode: "http_502",
      category: "retryable",
    });
  });

  it("does not take an image with an error status as success", async () => {
    const { http } = httpAnswering(500, PNG, "image/png");
    expect(await failureOf(http.postForImage(request))).toMatchObject({ kind: "http" });
  });

  it("reports a success envelope, an empty image or an unknown type as a bad response", async () => {
    for (const [body, type] of [
      [JSON.stringify({ err_no: 0, err_tips: "success", data: {} }), "application/json"],
      [null, "image/png"],
      [PNG, "application/octet-stream"],
    ] as const) {
      const { http } = httpAnswering(200, body, type);
      expect(await failureOf(http.postForImage(request))).toMatchObject({
        kind: "bad-response",
        platformCode: "bad_response",
      });
    }
  });

  it("redacts the secret from the envelope's message", async () => {
    const body = JSON.stringify({ errcode: 40015, errmsg: "appid of the-secret is bad" });
    const { http } = httpAnswering(200, body, "application/json");
    expect((await failureOf(http.postForImage(request))).message).not.toContain("the-secret");
  });
});
