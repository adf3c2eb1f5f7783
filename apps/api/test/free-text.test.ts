// Free text a client sends (addresses, device and location reports, admin message data) may not
// hold control characters, line breaks or bidirectional overrides: 400 VALIDATION_FAILED, nothing
// written. Text Douyin signs (the profile) is checked as signed and kept as received.
import { beforeAll, describe, expect, it } from "vitest";
import { deviceLogin, postJson } from "./helper.ts";
import {
  decryptForSession,
  encryptForSession,
  expectProblem,
  type LoggedIn,
  samples,
  sha1Hex,
  useMeApi,
} from "./me-fixtures.ts";
import { messagingRows } from "./rows.ts";

const me = useMeApi();
let user: LoggedIn;

beforeAll(async () => {
  user = await me.login("vera");
});

const forbidden: [string, string][] = [
  ["NUL", "\u0000"],
  ["ESC", "\u001b[31m"],
  ["CR", "\r"],
  ["LF", "\n"],
  ["TAB", "\t"],
  ["DEL", "\u007f"],
  ["a C1 control (NEL)", "\u0085"],
  ["LINE SEPARATOR", "\u2028"],
  ["RIGHT-TO-LEFT OVERRIDE", "\u202e"],
  ["LEFT-TO-RIGHT EMBEDDING", "\u202a"],
  ["FIRST STRONG ISOLATE", "\u2068"],
  ["POP DIRECTIONAL ISOLATE", "\u2069"],
];

const { address, device, location } = samples;

const fields: [string, string, Record<string, unknown>, string][] = [
  ["/api/me/address", "detailInfo", address, "body.detailInfo"],
  ["/api/me/address", "userName", address, "body.userName"],
  ["/api/me/address", "countyName", address, "body.countyName"],
  ["/api/me/device", "model", device, "body.model"],
  ["/api/me/device", "brand", device, "body.brand"],
  ["/api/me/location", "city", location, "body.city"],
];

describe("user reports", () => {
  it("accept text in any script, with emoji and inner spaces", async () => {
    const text = "Ünïcødé 文字 🙂 — ok";
    for (const [url, field, body] of fields) {
      const response = await me.send("PUT", url, user, { ...body, [field]: text });
      expect(response.statusCode, `${url} ${field}: ${response.body}`).toBe(200);
    }
  });

  for (const [url, field, body, path] of fields) {
    it.each(forbidden)(`refuse ${url} ${field} holding %s`, async (_, character) => {
      const problem = await me.refused(
        () => me.send("PUT", url, user, { ...body, [field]: `a${character}b` }),
        400,
        "VALIDATION_FAILED",
      );
      expect(problem.errors?.map((error) => error.path)).toContain(path);
      expect(problem.detail).toMatch(/control characters/);
    });
  }
});

describe("admin message data", () => {
  const send = (body: Record<string, unknown>) =>
    me.app.inject({
      method: "POST",
      url: "/api/admin/messages",
      headers: { "x-admin-key": me.app.config.adminApiKey ?? "" },
      payload: { userId: user.user.id, templateId: templateId(), data: { 物品: "书" }, ...body },
    });
  const templateId = () => me.app.config.douyin.templates[0]?.id ?? "";

  it.each(forbidden)("refuses a value, a keyword or a page holding %s", async (_, character) => {
    for (const body of [
      { data: { 物品: `书${character}` } },
      { data: { [`物${character}品`]: "书" } },
      { page: `pages/index/index?x=${character}` },
    ]) {
      const before = await messagingRows(me.app);
      expectProblem(await send(body), 400, "VALIDATION_FAILED");
      expect(await messagingRows(me.app)).toEqual(before);
    }
  });

  it("refuses a blank or over-long keyword", async () => {
    for (const data of [{ " ": "x" }, { ["k".repeat(65)]: "x" }, { "": "x" }]) {
      expectProblem(await send({ data }), 400, "VALIDATION_FAILED");
    }
  });
});

describe("the profile Douyin signed", () => {
  it("is checked as signed and kept as received, bidirectional characters included", async () => {
    const persona = "wade";
    const loggedIn = await me.login(persona);
    const real = await me.device.profile(persona);
    const sessionKey = await me.device.sessionKey(persona);
    const plain = decryptForSession(sessionKey, real.encryptedData, real.iv);
    const nickName = "Ali\u202eecnirp";
    plain.nickName = nickName;
    const { watermark: _, ...info } = plain;
    const rawData = JSON.stringify(info);
    const response = await me.send("PUT", "/api/me/profile", loggedIn, {
      ...real,
      ...encryptForSession(sessionKey, plain),
      rawData,
      signature: sha1Hex(rawData + sessionKey),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().nickname).toBe(nickName);
  });

  it("is refused when the text was changed after signing", async () => {
    const persona = "xena";
    const { code } = await deviceLogin(me.api.emulator, { user: persona });
    const login = await me.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { code },
    });
    const loggedIn = { ...login.json(), persona } as LoggedIn;
    const real = await postJson<{ rawData: string }>(me.api.emulator, "/device/user-profile", {
      user: persona,
    });
    const raw = JSON.parse(real.rawData) as Record<string, unknown>;
    const altered = JSON.stringify({ ...raw, nickName: `${String(raw.nickName)}\u202e` });
    const response = await me.send("PUT", "/api/me/profile", loggedIn, {
      ...real,
      rawData: altered,
    });
    expectProblem(response, 400, "SIGNATURE_INVALID");
  });
});
