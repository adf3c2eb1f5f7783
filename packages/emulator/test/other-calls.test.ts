import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_APP, type RunningEmulator, SECOND_APP, startEmulator } from "../src/index.ts";
import { accessToken, clientToken, get, openPost, post } from "./support/http.ts";

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: "other-call-tests" });
});
afterAll(() => emulator.close());
beforeEach(() => post(emulator.url, "/emulator/reset"));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the PNG structure and answers its size and first pixel. */
function readPng(bytes: Buffer) {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect(bytes.subarray(-8, -4).toString("ascii")).toBe("IEND");
  const dataLength = bytes.readUInt32BE(33);
  expect(bytes.subarray(37, 41).toString("ascii")).toBe("IDAT");
  const raw = inflateSync(bytes.subarray(41, 41 + dataLength));
  expect(raw).toHaveLength(height * (1 + width * 3));
  return { width, height, corner: [...raw.subarray(1, 4)] };
}

describe("text censor v1 (/api/v2/tags/text/antidirt)", () => {
  const antidirt = (token: string | undefined, body: unknown) =>
    post(emulator.url, "/api/v2/tags/text/antidirt", body, {
      headers: token === undefined ? {} : { "X-Token": token },
    });

  it("answers a verdict per task; banned words hit", async () => {
    const token = await accessToken(emulator.url, DEFAULT_APP);
    const answer = await antidirt(token, {
      tasks: [{ content: "今天天气很好" }, { content: "这里有违禁词" }],
    });
    expect(answer.json).toEqual({
      log_id: expect.any(String),
      data: [
        {
          msg: "",
          code: 0,
          task_id: expect.stringMatching(/^MICROAPP_\d+$/),
          predicts: [{ prob: 0, hit: false, target: null, model_name: "short_content_antidirt" }],
          data_id: null,
        },
        expect.objectContaining({ predicts: [expect.objectContaining({ prob: 1, hit: true })] }),
      ],
    });
  });

  it("answers its own error shape: 401 bad token, 400 bad parameters", async () => {
    const token = await accessToken(emulator.url, DEFAULT_APP);
    const badToken = await antidirt("nope", { tasks: [{ content: "x" }] });
    expect(badToken.status).toBe(200);
    expect(badToken.json).toEqual({
      error_id: expect.any(String),
      code: 401,
      message: expect.any(String),
      exception: expect.any(String),
    });
    expect((await antidirt(undefined, { tasks: [{ content: "x" }] })).json.code).toBe(401);
    for (const body of [{}, { tasks: [] }, { tasks: [{ content: 5 }] }, { tasks: "x" }]) {
      expect((await antidirt(token, body)).json.code).toBe(400);
    }
  });
});

describe("text censor (open.douyin.com /api/apps/v1/censor/text/)", () => {
  it("takes content as strings (or v1's tasks) and answers in the open envelope", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const answer = await openPost(emulator.url, "/api/apps/v1/censor/text/", token, {
      app_id: DEFAULT_APP.appid,
      content: ["正常内容", "banned-word here"],
    });
    expect(answer.json).toMatchObject({ err_no: 0, err_msg: "", log_id: expect.any(String) });
    expect(
      answer.json.data.map((item: { predicts: { hit: boolean }[] }) => item.predicts[0]?.hit),
    ).toEqual([false, true]);
    const single = await openPost(emulator.url, "/api/apps/v1/censor/text/", token, {
      content: "违禁词",
    });
    expect(single.json.data).toHaveLength(1);
    const tasks = await openPost(emulator.url, "/api/apps/v1/censor/text/", token, {
      tasks: [{ content: "ok" }],
    });
    expect(tasks.json.data[0].predicts[0].hit).toBe(false);
  });

  it("answers token and parameter errors", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const path = "/api/apps/v1/censor/text/";
    expect((await openPost(emulator.url, path, undefined, { content: ["x"] })).json.err_no).toBe(
      28001003,
    );
    expect((await openPost(emulator.url, path, token, { content: [] })).json.err_no).toBe(28001007);
    const wrongApp = await openPost(emulator.url, path, token, {
      app_id: SECOND_APP.appid,
      content: ["x"],
    });
    expect(wrongApp.json.err_no).toBe(28001007);
  });
});

describe("QR code v1 (/api/apps/qrcode)", () => {
  it("answers raw PNG bytes of the requested width, the same for the same request", async () => {
    const token = await accessToken(emulator.url, DEFAULT_APP);
    const body = {
      access_token: token,
      appname: "douyin",
      path: "pages/index/index?from=qr",
      width: 300,
      line_color: { r: 10, g: 20, b: 30 },
      background: { r: 250, g: 240, b: 230 },
    };
    const answer = await post(emulator.url, "/api/apps/qrcode", body);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("image/png");
    expect(readPng(answer.bytes)).toEqual({ width: 300, height: 300, corner: [250, 240, 230] });
    expect((await post(emulator.url, "/api/apps/qrcode", body)).bytes.equals(answer.bytes)).toBe(
      true,
    );
    const other = await post(emulator.url, "/api/apps/qrcode", { ...body, path: "pages/other" });
    expect(other.bytes.equals(answer.bytes)).toBe(false);
    const defaults = await post(emulator.url, "/api/apps/qrcode", { access_token: token });
    expect(readPng(defaults.bytes)).toMatchObject({ width: 430, corner: [255, 255, 255] });
  });

  it.each([
    [{ access_token: "nope" }, 40002],
    [{ appname: "weixin" }, 40016],
    [{ width: 279 }, 40021],
    [{ width: 1281 }, 40021],
    [{ line_color: { r: 300, g: 0, b: 0 } }, 40014],
    [{ path: 5 }, 40014],
  ])("answers JSON {errcode, errmsg} for %j", async (override, errcode) => {
    const token = await accessToken(emulator.url, DEFAULT_APP);
    const answer = await post(emulator.url, "/api/apps/qrcode", {
      access_token: token,
      ...override,
    });
    expect(answer.contentType).toContain("application/json");
    expect(answer.json).toEqual({ errcode, errmsg: expect.any(String) });
  });
});

describe("where a QR code opens (GET /emulator/qrcodes)", () => {
  const codes = async () => (await get(emulator.url, "/emulator/qrcodes")).json.codes;

  it("v1: keeps the query of a path URL-encoded once, loses it from a raw path", async () => {
    const token = await accessToken(emulator.url, DEFAULT_APP);
    const qr = (path: string) =>
      post(emulator.url, "/api/apps/qrcode", { access_token: token, appname: "douyin", path });
    expect((await qr(encodeURIComponent("pages/detail/detail?id=42&from=qr"))).status).toBe(200);
    expect((await qr("pages/detail/detail?id=42")).status).toBe(200);
    expect(await codes()).toEqual([
      {
        appid: DEFAULT_APP.appid,
        api: "v1",
        appName: "douyin",
        page: "pages/detail/detail",
        query: "id=42&from=qr",
      },
      {
        appid: DEFAULT_APP.appid,
        api: "v1",
        appName: "douyin",
        page: "pages/detail/detail",
        query: "",
      },
    ]);
  });

  it("v2: reads the path as page?query, and forgets codes on reset", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    await openPost(emulator.url, "/api/apps/v1/qrcode/create/", token, {
      path: "pages/detail/detail?id=7",
    });
    expect(await codes()).toEqual([
      {
        appid: DEFAULT_APP.appid,
        api: "v2",
        appName: "toutiao",
        page: "pages/detail/detail",
        query: "id=7",
      },
    ]);
    await post(emulator.url, "/emulator/reset");
    expect(await codes()).toEqual([]);
  });
});

describe("QR code v2 (/api/apps/v1/qrcode/create/)", () => {
  it("answers a base64 PNG in data.img", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const answer = await openPost(emulator.url, "/api/apps/v1/qrcode/create/", token, {
      appid: DEFAULT_APP.appid,
      app_name: "douyin",
      path: "pages/index/index",
      width: 280,
      set_icon: false,
      is_circle_code: true,
    });
    expect(answer.json).toMatchObject({
      err_no: 0,
      err_msg: "",
      data: { img: expect.any(String) },
    });
    expect(readPng(Buffer.from(answer.json.data.img, "base64"))).toMatchObject({ width: 280 });
  });

  it.each([
    [{ app_name: "weixin" }],
    [{ width: 5000 }],
    [{ appid: SECOND_APP.appid }],
    [{ set_icon: 1 }],
  ])("answers 28005001 for %j", async (body) => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const answer = await openPost(emulator.url, "/api/apps/v1/qrcode/create/", token, body);
    expect(answer.json).toMatchObject({ err_no: 28005001, data: null });
  });
});

describe("URL link (/api/apps/v1/url_link/generate/)", () => {
  const path = "/api/apps/v1/url_link/generate/";
  const inOneDay = async () =>
    Math.floor((await get(emulator.url, "/emulator/clock")).json.now / 1000) + 86_400;

  it("answers a z.douyin.com link, with ma_app_id or app_id", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const body = {
      ma_app_id: DEFAULT_APP.appid,
      app_name: "douyin",
      path: "pages/index/index",
      query: '{"id":"123"}',
      expire_time: await inOneDay(),
    };
    const answer = await openPost(emulator.url, path, token, body);
    expect(answer.json).toMatchObject({
      err_no: 0,
      data: { url_link: expect.stringMatching(/^https:\/\/z\.douyin\.com\/[0-9A-Za-z]{7}$/) },
    });
    const { ma_app_id, ...rest } = body;
    const withAppId = await openPost(emulator.url, path, token, { ...rest, app_id: ma_app_id });
    expect(withAppId.json.err_no).toBe(0);
    expect(withAppId.json.data.url_link).not.toBe(answer.json.data.url_link);
  });

  it("refuses bad parameters with 28001007", async () => {
    const token = await clientToken(emulator.url, DEFAULT_APP);
    const good = { app_id: DEFAULT_APP.appid, app_name: "douyin", expire_time: await inOneDay() };
    const now = Math.floor((await get(emulator.url, "/emulator/clock")).json.now / 1000);
    for (const override of [
      { app_id: SECOND_APP.appid },
      { app_name: "weixin" },
      { path: "pages/index?x=1" },
      { expire_time: now - 1 },
      { expire_time: now + 181 * 86_400 },
      { query: 5 },
    ]) {
      const answer = await openPost(emulator.url, path, token, { ...good, ...override });
      expect(answer.json.err_no, JSON.stringify(override)).toBe(28001007);
    }
  });
});
