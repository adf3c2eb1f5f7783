import { describe, expect, it } from "vitest";
import { DouyinInputError } from "../src/index.ts";
import { expectNoSecretsIn, useEmulator } from "./calls-support.ts";

const QR_V1 = "/api/apps/qrcode";
const QR_V2 = "/api/apps/v1/qrcode/create/";
const URL_LINK = "/api/apps/v1/url_link/generate/";
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const emu = useEmulator("sdk-links");

/** Width and height from a PNG's IHDR chunk. */
function pngSize(image: Buffer): { width: number; height: number } {
  return { width: image.readUInt32BE(16), height: image.readUInt32BE(20) };
}

const inAWeek = async () => {
  const { now } = await emu.control("GET", "/emulator/clock");
  return Math.floor(now / 1000) + 7 * 24 * 3600;
};

describe("createQrCode (v1) against the emulator", () => {
  it("answers the PNG bytes", async () => {
    const qr = await emu.clientWith().createQrCode({
      appName: "douyin",
      path: "pages/index/index?from=qr",
      width: 300,
      lineColor: { r: 10, g: 20, b: 30 },
      background: { r: 255, g: 255, b: 255 },
      setIcon: true,
    });
    expect(qr.contentType).toBe("image/png");
    expect(qr.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(qr.image).width).toBe(300);
  });

  it("URL-encodes the path once, so the page's query survives", async () => {
    await emu.clientWith().createQrCode({ appName: "douyin", path: "pages/o/o?id=42&from=qr" });
    const { codes } = await emu.control("GET", "/emulator/qrcodes");
    expect(codes).toEqual([
      expect.objectContaining({ api: "v1", page: "pages/o/o", query: "id=42&from=qr" }),
    ]);
  });

  it("works without any argument", async () => {
    const qr = await emu.clientWith().createQrCode();
    expect(qr.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it("answers 40016 ({errcode, errmsg}) for an unknown host app: not retried", async () => {
    const error = await emu.failureOf(emu.clientWith().createQrCode({ appName: "weixin" }));
    expect(error).toMatchObject({ platformCode: 40016, category: "configuration", path: QR_V1 });
    expect(await emu.calls(QR_V1)).toBe(1);
  });

  it("renews a revoked access_token once (40002)", async () => {
    const client = emu.clientWith();
    await client.createQrCode();
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "access_token" });
    await client.createQrCode();
    expect(await emu.calls(QR_V1)).toBe(3);
  });

  it("retries busy (-1) once and succeeds: two calls", async () => {
    await emu.fault({ path: QR_V1, errNo: -1, times: 1 });
    const qr = await emu.clientWith().createQrCode();
    expect(qr.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(await emu.calls(QR_V1)).toBe(2);
  });

  it("retries HTTP 503 and a timeout", async () => {
    await emu.fault({ path: QR_V1, status: 503, times: 1 });
    await emu.clientWith().createQrCode();
    expect(await emu.calls(QR_V1)).toBe(2);
    await emu.fault({ path: QR_V1, delayMs: 500 });
    await emu.clientWith({ timeoutMs: 150 }).createQrCode();
    expect(await emu.calls(QR_V1)).toBe(4);
  });

  it("reports a timeout when retries are off", async () => {
    await emu.fault({ path: QR_V1, delayMs: 500 });
    const error = await emu.failureOf(
      emu.clientWith({ timeoutMs: 150, retry: { attempts: 1 } }).createQrCode(),
    );
    expect(error.kind).toBe("timeout");
    expect(await emu.calls(QR_V1)).toBe(1);
  });

  it("does not retry a configuration error (40015): one call", async () => {
    await emu.fault({ path: QR_V1, errNo: 40015, times: 1 });
    expect((await emu.failureOf(emu.clientWith().createQrCode())).platformCode).toBe(40015);
    expect(await emu.calls(QR_V1)).toBe(1);
  });

  it.each([
    ["a width below 280", { width: 279 }],
    ["a width above 1280", { width: 1281 }],
    ["a fractional width", { width: 300.5 }],
    ["an empty appName", { appName: "" }],
    ["a colour channel of 256", { lineColor: { r: 0, g: 0, b: 256 } }],
    ["a colour without b", { background: { r: 0, g: 0 } }],
    ["a string setIcon", { setIcon: "yes" }],
    ["a numeric path", { path: 1 }],
  ])("refuses %s before any request", async (_label, input) => {
    await expect(emu.clientWith().createQrCode(input as never)).rejects.toBeInstanceOf(
      DouyinInputError,
    );
    expect(await emu.calls(QR_V1)).toBe(0);
  });
});

describe("createQrCodeV2 against the emulator", () => {
  it("decodes data.img into PNG bytes", async () => {
    const qr = await emu.clientWith().createQrCodeV2({
      appName: "douyin",
      path: "pages/index/index",
      width: 430,
      isCircleCode: true,
    });
    expect(qr.contentType).toBe("image/png");
    expect(qr.image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(qr.image).width).toBe(430);
  });

  it("sends the path as page?query, unencoded (v2 documents no encoding)", async () => {
    await emu.clientWith().createQrCodeV2({ appName: "douyin", path: "pages/o/o?id=7" });
    const { codes } = await emu.control("GET", "/emulator/qrcodes");
    expect(codes).toEqual([
      expect.objectContaining({ api: "v2", page: "pages/o/o", query: "id=7" }),
    ]);
  });

  it("answers 28005001 for an unknown host app or a width out of range: not retried", async () => {
    const client = emu.clientWith();
    expect((await emu.failureOf(client.createQrCodeV2({ appName: "weixin" }))).platformCode).toBe(
      28005001,
    );
    expect((await emu.failureOf(client.createQrCodeV2({ width: 2000 }))).platformCode).toBe(
      28005001,
    );
    expect(await emu.calls(QR_V2)).toBe(2);
  });

  it("retries busy (-1) once and succeeds; times out when retries are off", async () => {
    await emu.fault({ path: QR_V2, errNo: -1, times: 1 });
    await emu.clientWith().createQrCodeV2();
    expect(await emu.calls(QR_V2)).toBe(2);
    await emu.fault({ path: QR_V2, delayMs: 500 });
    const error = await emu.failureOf(
      emu.clientWith({ timeoutMs: 150, retry: { attempts: 1 } }).createQrCodeV2(),
    );
    expect(error.kind).toBe("timeout");
  });

  it("renews a revoked client_token once (28001003)", async () => {
    const client = emu.clientWith();
    await client.createQrCodeV2();
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    await client.createQrCodeV2();
    expect(await emu.calls(QR_V2)).toBe(3);
  });

  it("refuses a string isCircleCode or width 0 before any request", async () => {
    for (const input of [{ isCircleCode: 1 }, { width: 0 }]) {
      await expect(emu.clientWith().createQrCodeV2(input as never)).rejects.toBeInstanceOf(
        DouyinInputError,
      );
    }
    expect(await emu.calls(QR_V2)).toBe(0);
  });
});

describe("generateUrlLink against the emulator", () => {
  it("answers a link", async () => {
    const result = await emu.clientWith().generateUrlLink({
      appName: "douyin",
      path: "pages/index/index",
      query: { id: "42" },
      expireTime: new Date((await inAWeek()) * 1000),
    });
    expect(result.urlLink).toMatch(/^https:\/\/z\.douyin\.com\/\S+$/);
    expect(result.logId).toEqual(expect.any(String));
  });

  it("takes the query as a JSON string and the expiry in Unix seconds", async () => {
    const result = await emu.clientWith().generateUrlLink({
      appName: "toutiao",
      query: '{"a":"b"}',
      expireTime: await inAWeek(),
    });
    expect(result.urlLink).toContain("https://");
  });

  it("answers 28001007 for an expiry in the past or beyond 180 days: not retried", async () => {
    const client = emu.clientWith();
    const { now } = await emu.control("GET", "/emulator/clock");
    const past = Math.floor(now / 1000) - 60;
    const far = Math.floor(now / 1000) + 181 * 24 * 3600;
    for (const expireTime of [past, far]) {
      const error = await emu.failureOf(client.generateUrlLink({ appName: "douyin", expireTime }));
      expect(error).toMatchObject({ platformCode: 28001007, category: "configuration" });
    }
    expect(await emu.calls(URL_LINK)).toBe(2);
  });

  it("answers 28001007 for an unknown host app", async () => {
    const error = await emu.failureOf(
      emu.clientWith().generateUrlLink({ appName: "weixin", expireTime: await inAWeek() }),
    );
    expect(error.platformCode).toBe(28001007);
  });

  it("retries busy (-1) once and a timeout; not a configuration error", async () => {
    const input = { appName: "douyin", expireTime: await inAWeek() };
    await emu.fault({ path: URL_LINK, errNo: -1, times: 1 });
    await emu.clientWith().generateUrlLink(input);
    expect(await emu.calls(URL_LINK)).toBe(2);
    await emu.fault({ path: URL_LINK, delayMs: 500 });
    await emu.clientWith({ timeoutMs: 150 }).generateUrlLink(input);
    expect(await emu.calls(URL_LINK)).toBe(4);
    await emu.fault({ path: URL_LINK, errNo: 40015, times: 1 });
    await emu.failureOf(emu.clientWith().generateUrlLink(input));
    expect(await emu.calls(URL_LINK)).toBe(5);
  });

  it("renews a revoked client_token once", async () => {
    const client = emu.clientWith();
    const input = { appName: "douyin", expireTime: await inAWeek() };
    await client.generateUrlLink(input);
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    await client.generateUrlLink(input);
    expect(await emu.calls(URL_LINK)).toBe(3);
  });

  it.each([
    ["no input", undefined],
    ["no appName", { expireTime: 2_000_000_000 }],
    ["no expireTime", { appName: "douyin" }],
    ["an invalid Date", { appName: "douyin", expireTime: new Date(Number.NaN) }],
    ["a fractional expireTime", { appName: "douyin", expireTime: 1.5 }],
    ["a path with a query", { appName: "douyin", path: "a?b=1", expireTime: 2_000_000_000 }],
    ["a query that is not JSON", { appName: "douyin", query: "a=1", expireTime: 2_000_000_000 }],
    ["a query with a number", { appName: "douyin", query: { a: 1 }, expireTime: 2_000_000_000 }],
  ])("refuses %s before any request", async (_label, input) => {
    await expect(emu.clientWith().generateUrlLink(input as never)).rejects.toBeInstanceOf(
      DouyinInputError,
    );
    expect(await emu.calls(URL_LINK)).toBe(0);
  });

  it("never shows a secret or token in an error", async () => {
    expectNoSecretsIn(emu.errors, emu.sensitive);
  });
});
