import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deviceLogin, postJson } from "./helper.ts";
import {
  decryptForSession,
  encryptForSession,
  flipByte,
  type LoggedIn,
  type ProfilePayload,
  sha1Hex,
  useMeApi,
} from "./me-fixtures.ts";

const me = useMeApi();
const putProfile = (who: LoggedIn | undefined, body: unknown) =>
  me.send("PUT", "/api/me/profile", who, body);

/** A profile payload re-made with the persona's current key: what the platform would never send. */
async function forged(
  persona: string,
  change: (plain: Record<string, unknown>) => Record<string, unknown>,
  options: { rawData?: (plain: Record<string, unknown>) => unknown } = {},
): Promise<ProfilePayload> {
  const real = await me.device.profile(persona);
  const sessionKey = await me.device.sessionKey(persona);
  const plain = change(decryptForSession(sessionKey, real.encryptedData, real.iv));
  const { watermark: _, ...info } = plain;
  const rawData = JSON.stringify(options.rawData ? options.rawData(plain) : info);
  return {
    ...real,
    ...encryptForSession(sessionKey, plain),
    rawData,
    signature: sha1Hex(rawData + sessionKey),
  };
}

/** Each bad answer leaves every table as it was. */
async function expectRefused(
  who: LoggedIn | undefined,
  body: unknown,
  status: number,
  code: string,
) {
  return me.refused(() => putProfile(who, body), status, code);
}

describe("PUT /api/me/profile", () => {
  it("checks the signature, reads the profile from the encrypted data and stores it", async () => {
    const alice = await me.login("alice");
    const payload = await me.device.profile("alice");
    const response = await putProfile(alice, payload);
    expect(response.statusCode, response.body).toBe(200);
    const info = payload.userInfo;
    const expected = {
      nickname: info.nickName,
      avatarUrl: info.avatarUrl,
      gender: info.gender,
      city: info.city,
      province: info.province,
      country: info.country,
      language: info.language,
    };
    expect(response.json()).toEqual({ ...expected, updatedAt: expect.any(String) });
    const row = await me.app.db.userProfile.findUniqueOrThrow({ where: { userId: alice.user.id } });
    expect(row).toMatchObject(expected);

    // A second report replaces the first (one profile per user).
    expect((await putProfile(alice, await me.device.profile("alice"))).statusCode).toBe(200);
    expect(await me.app.db.userProfile.count({ where: { userId: alice.user.id } })).toBe(1);
  });

  it("accepts tt.getUserInfo's object as well", async () => {
    const bob = await me.login("bob");
    const payload = await postJson<ProfilePayload>(me.api.emulator, "/device/user-profile", {
      user: "bob",
      api: "getUserInfo",
    });
    expect(payload.errMsg).toBe("getUserInfo:ok");
    const response = await putProfile(bob, payload);
    expect(response.statusCode, response.body).toBe(200);
  });

  it("answers 401 SESSION_EXPIRED when tt.login ran again after the API login (stale key)", async () => {
    const carol = await me.login("carol");
    await deviceLogin(me.api.emulator, { user: "carol" }); // rotates the key on the platform only
    const payload = await me.device.profile("carol");
    await expectRefused(carol, payload, 401, "SESSION_EXPIRED");
  });

  it("answers another user's data with 401 SESSION_EXPIRED and stores nothing for either", async () => {
    const dave = await me.login("dave");
    await me.login("erin");
    const erins = await me.device.profile("erin");
    await expectRefused(dave, erins, 401, "SESSION_EXPIRED");
    expect(await me.app.db.userProfile.findUnique({ where: { userId: dave.user.id } })).toBeNull();
  });

  it("answers 401 SESSION_EXPIRED when no session key is stored", async () => {
    const frank = await me.login("frank");
    const payload = await me.device.profile("frank");
    await me.app.db.douyinSession.delete({ where: { userId: frank.user.id } });
    await expectRefused(frank, payload, 401, "SESSION_EXPIRED");
  });

  it("answers a wrong signature with 400 SIGNATURE_INVALID", async () => {
    const grace = await me.login("grace");
    const payload = await me.device.profile("grace");
    await expectRefused(
      grace,
      { ...payload, signature: sha1Hex(`${payload.rawData}not-the-key`) },
      400,
      "SIGNATURE_INVALID",
    );
    await expectRefused(
      grace,
      { ...payload, signature: payload.signature.toUpperCase().replace(/^./, "0") },
      400,
      "SIGNATURE_INVALID",
    );
  });

  it("answers an altered rawData with 400 SIGNATURE_INVALID", async () => {
    const henry = await me.login("henry");
    const payload = await me.device.profile("henry");
    const rawData = JSON.stringify({ ...JSON.parse(payload.rawData), nickName: "管理员" });
    await expectRefused(henry, { ...payload, rawData }, 400, "SIGNATURE_INVALID");
  });

  it("answers a signed rawData that differs from the encrypted profile with 400 SIGNATURE_INVALID", async () => {
    const iris = await me.login("iris");
    const payload = await forged("iris", (plain) => plain, {
      rawData: ({ watermark: _, ...info }) => ({ ...info, nickName: "someone else" }),
    });
    await expectRefused(iris, payload, 400, "SIGNATURE_INVALID");
  });

  it("answers a tampered ciphertext or a wrong iv with 400 ENCRYPTED_DATA_INVALID", async () => {
    const jack = await me.login("jack");
    const payload = await me.device.profile("jack");
    for (const index of [0, 20, -1, -17]) {
      await expectRefused(
        jack,
        { ...payload, encryptedData: flipByte(payload.encryptedData, index) },
        400,
        "ENCRYPTED_DATA_INVALID",
      );
    }
    await expectRefused(
      jack,
      { ...payload, iv: randomBytes(16).toString("base64") },
      400,
      "ENCRYPTED_DATA_INVALID",
    );
  });

  it.each([
    ["an iv of 12 bytes", { iv: randomBytes(12).toString("base64") }],
    ["an iv that is not base64", { iv: "not base64!!" }],
    ["url-safe base64", { encryptedData: "-_-_" }],
    ["unpadded base64", { encryptedData: "AAAAAAAAAAAAAAAAAAAAAA" }],
    ["a partial block", { encryptedData: randomBytes(20).toString("base64") }],
  ])("answers %s with 400 ENCRYPTED_DATA_INVALID", async (_, change) => {
    const kate = await me.login("kate");
    const payload = await me.device.profile("kate");
    await expectRefused(kate, { ...payload, ...change }, 400, "ENCRYPTED_DATA_INVALID");
  });

  it("answers data made for another app with 400 WATERMARK_INVALID", async () => {
    const liam = await me.login("liam");
    const foreign = await forged("liam", (plain) => ({
      ...plain,
      watermark: { appid: "tt_emulator_app_2", timestamp: Math.floor(Date.now() / 1000) },
    }));
    await expectRefused(liam, foreign, 400, "WATERMARK_INVALID");
    const unmarked = await forged("liam", ({ watermark: _, ...plain }) => plain);
    await expectRefused(liam, unmarked, 400, "WATERMARK_INVALID");
  });

  it("answers the second app's real data with 401 SESSION_EXPIRED (another session key)", async () => {
    const mia = await me.login("mia");
    await deviceLogin(me.api.emulator, { user: "mia", appid: "tt_emulator_app_2" });
    const payload = await me.device.profile("mia", "tt_emulator_app_2");
    await expectRefused(mia, payload, 401, "SESSION_EXPIRED");
  });

  it.each([
    ["an http avatar", { avatarUrl: "http://example.com/a.png" }, "avatarUrl"],
    ["an avatar that is not a URL", { avatarUrl: "javascript:alert(1)" }, "avatarUrl"],
    ["a gender of 3", { gender: 3 }, "gender"],
    ["a gender as text", { gender: "1" }, "gender"],
    ["an empty nickname", { nickName: "  " }, "nickName"],
    ["a nickname of 65 characters", { nickName: "n".repeat(65) }, "nickName"],
    ["a city of 65 characters", { city: "c".repeat(65) }, "city"],
    ["no language", { language: undefined }, "language"],
  ])("answers a signed profile with %s with 400 VALIDATION_FAILED", async (_, change, field) => {
    const noah = await me.login("noah");
    const payload = await forged("noah", (plain) => ({ ...plain, ...change }));
    const problem = await expectRefused(noah, payload, 400, "VALIDATION_FAILED");
    expect(problem.errors?.map((error) => error.path)).toEqual([`encryptedData.${field}`]);
  });

  it("takes the profile from the decrypted data, trimmed", async () => {
    const olga = await me.login("olga");
    const payload = await forged("olga", (plain) => ({ ...plain, nickName: "  Olga  " }));
    const response = await putProfile(olga, payload);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().nickname).toBe("Olga");
  });

  const valid = {
    rawData: "{}",
    signature: "a".repeat(40),
    encryptedData: "AAAAAAAAAAAAAAAAAAAAAA==",
    iv: "AAAAAAAAAAAAAAAAAAAAAA==",
  };
  it.each([
    ["an empty object", {}],
    ["no signature", { ...valid, signature: undefined }],
    ["no iv", { ...valid, iv: undefined }],
    ["a signature that is not hex", { ...valid, signature: "z".repeat(40) }],
    ["a short signature", { ...valid, signature: "abc" }],
    ["rawData as an object", { ...valid, rawData: { nickName: "x" } }],
    ["encryptedData as a number", { ...valid, encryptedData: 12 }],
    ["an empty encryptedData", { ...valid, encryptedData: "" }],
    ["an oversized encryptedData", { ...valid, encryptedData: "A".repeat(16_388) }],
    ["an unknown field", { ...valid, openid: "someone" }],
    ["userInfo as text", { ...valid, userInfo: "x" }],
    ["an array", [valid]],
    ["null", null],
  ])("answers %s with 400 VALIDATION_FAILED", async (_, body) => {
    const pete = await me.login("pete");
    await expectRefused(pete, body, 400, "VALIDATION_FAILED");
  });

  it("answers a body over the limit with 413, no token with 401", async () => {
    const quinn = await me.login("quinn");
    await expectRefused(
      quinn,
      { ...valid, rawData: "x".repeat(70 * 1024) },
      413,
      "PAYLOAD_TOO_LARGE",
    );
    await expectRefused(undefined, await me.device.profile("quinn"), 401, "UNAUTHORIZED");
  });

  it("leaves no session key, signature, ciphertext or raw profile in the logs", async () => {
    const rosa = await me.login("rosa");
    const payload = await me.device.profile("rosa");
    expect((await putProfile(rosa, payload)).statusCode).toBe(200);
    await putProfile(rosa, { ...payload, signature: "0".repeat(40) });
    const sessionKey = await me.device.sessionKey("rosa");
    for (const secret of [
      sessionKey,
      payload.signature,
      payload.encryptedData,
      payload.iv,
      payload.rawData,
    ]) {
      expect(me.logs.text).not.toContain(secret);
    }
  });
});
