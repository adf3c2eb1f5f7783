import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { repoRoot } from "../src/config.ts";
import { maskDigits, normalisePhone, normaliseTelephone } from "../src/lib/phone-number.ts";
import { deviceLogin, emulatorSession, postJson } from "./helper.ts";
import {
  decryptForSession,
  encryptForSession,
  expectProblem,
  flipByte,
  type LoggedIn,
  noRateLimits,
  useMeApi,
} from "./me-fixtures.ts";

const me = useMeApi();
const putPhone = (who: LoggedIn | undefined, body: unknown, app?: App) =>
  me.send("PUT", "/api/me/phone", who, body, app);

/** The persona's number as the emulator knows it (decrypted here with the test's own AES). */
async function numberOf(persona: string): Promise<string> {
  const sessionKey = (await emulatorSession(me.api.emulator, persona)).sessionKey;
  const { encryptedData, iv } = await me.device.phoneEncrypted(persona);
  return decryptForSession(sessionKey, encryptedData, iv).purePhoneNumber as string;
}

const masked = (number: string) => `${number.slice(0, 3)}****${number.slice(-4)}`;

async function expectRefused(
  who: LoggedIn | undefined,
  body: unknown,
  status: number,
  code: string,
  app: App = me.app,
) {
  const before = await me.rows(app);
  const problem = expectProblem(await putPhone(who, body, app), status, code);
  expect(await me.rows(app)).toEqual(before);
  return problem;
}

describe("PUT /api/me/phone, old flow {encryptedData, iv}", () => {
  it("stores the number encrypted, hashed and masked, and shows only the masked form", async () => {
    const alice = await me.login("alice");
    const number = await numberOf("alice");
    expect(number).toMatch(/^138\d{8}$/);
    const response = await putPhone(alice, await me.device.phoneEncrypted("alice"));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      masked: masked(number),
      countryCode: "86",
      verifiedAt: expect.any(String),
    });
    expect(response.body).not.toContain(number);
    expect(response.body).not.toContain(number.slice(3));

    const row = await me.app.db.userPhone.findUniqueOrThrow({ where: { userId: alice.user.id } });
    expect(row).toMatchObject({ masked: masked(number), countryCode: "86", source: "encrypted" });
    expect(JSON.stringify(row)).not.toContain(number);
    // The lookup hash is keyed with a key DERIVED from PHONE_ENCRYPTION_KEY, not the key itself.
    const key = me.app.config.phone.encryptionKey;
    const derived = Buffer.from(
      hkdfSync("sha256", key, Buffer.alloc(0), "tt-fullstack/phone-lookup/v1", 32),
    );
    const hmac = (k: Buffer) => createHmac("sha256", k).update(`+86${number}`).digest("hex");
    expect(row.phoneHash).toBe(hmac(derived));
    expect(row.phoneHash).not.toBe(hmac(key));
    expect(await me.app.phones.usersWith(`+86${number}`)).toEqual([alice.user.id]);

    const mine = await me.send("GET", "/api/me", alice);
    expect(mine.json().phone).toEqual(response.json());
    expect(mine.body).not.toContain(number);
    expect(me.logs.text).toContain("phone number verified");
    expect(me.logs.text).not.toContain(number);
  });

  it("answers 401 SESSION_EXPIRED for a stale session key, another user's data, or none stored", async () => {
    const bob = await me.login("bob");
    await deviceLogin(me.api.emulator, { user: "bob" });
    await expectRefused(bob, await me.device.phoneEncrypted("bob"), 401, "SESSION_EXPIRED");

    const carol = await me.login("carol");
    await me.login("dave");
    await expectRefused(carol, await me.device.phoneEncrypted("dave"), 401, "SESSION_EXPIRED");

    await me.app.db.douyinSession.delete({ where: { userId: carol.user.id } });
    await expectRefused(carol, await me.device.phoneEncrypted("carol"), 401, "SESSION_EXPIRED");
  });

  it("answers a tampered ciphertext with 401 SESSION_EXPIRED (it cannot be told from a stale key)", async () => {
    const erin = await me.login("erin");
    const payload = await me.device.phoneEncrypted("erin");
    await expectRefused(
      erin,
      { ...payload, encryptedData: flipByte(payload.encryptedData, 0) },
      401,
      "SESSION_EXPIRED",
    );
  });

  it.each([
    ["an iv of 8 bytes", { iv: randomBytes(8).toString("base64") }],
    ["an iv that is not base64", { iv: "%%%%" }],
    ["a partial block", { encryptedData: randomBytes(15).toString("base64") }],
    ["base64 with spaces", { encryptedData: "AAAA AAAA" }],
  ])("answers %s with 400 ENCRYPTED_DATA_INVALID", async (_, change) => {
    const frank = await me.login("frank");
    const payload = await me.device.phoneEncrypted("frank");
    await expectRefused(frank, { ...payload, ...change }, 400, "ENCRYPTED_DATA_INVALID");
  });

  it("answers a number issued for another app with 400 WATERMARK_INVALID", async () => {
    const grace = await me.login("grace");
    const sessionKey = await me.device.sessionKey("grace");
    const real = await me.device.phoneEncrypted("grace");
    const plain = decryptForSession(sessionKey, real.encryptedData, real.iv);
    const foreign = encryptForSession(sessionKey, {
      ...plain,
      watermark: { appid: "tt_emulator_app_2", timestamp: Math.floor(Date.now() / 1000) },
    });
    await expectRefused(grace, foreign, 400, "WATERMARK_INVALID");
  });

  it("answers encrypted data that holds no phone number with 400 ENCRYPTED_DATA_INVALID", async () => {
    const henry = await me.login("henry");
    const { encryptedData, iv } = await me.device.profile("henry");
    await expectRefused(henry, { encryptedData, iv }, 400, "ENCRYPTED_DATA_INVALID");
    const sessionKey = await me.device.sessionKey("henry");
    const watermark = { appid: "tt_emulator_app", timestamp: Math.floor(Date.now() / 1000) };
    for (const phone of [
      { phoneNumber: "12", purePhoneNumber: "12", countryCode: "86" },
      { phoneNumber: "138 0013 8000; drop", purePhoneNumber: "x", countryCode: "86" },
      { phoneNumber: "13800138000", purePhoneNumber: "13800138000", countryCode: "+86abc" },
    ]) {
      const forged = encryptForSession(sessionKey, { ...phone, watermark });
      await expectRefused(henry, forged, 400, "ENCRYPTED_DATA_INVALID");
    }
  });

  it("reads a numeric or absent country code, and masks numbers of other lengths", async () => {
    const iris = await me.login("iris");
    const sessionKey = await me.device.sessionKey("iris");
    const watermark = { appid: "tt_emulator_app", timestamp: Math.floor(Date.now() / 1000) };
    const cases = [
      [
        { phoneNumber: "+85291234567", purePhoneNumber: "91234567", countryCode: 852 },
        "852",
        "912*4567",
      ],
      [{ phoneNumber: "13800138000", purePhoneNumber: "13800138000" }, "86", "138****8000"],
      [{ phoneNumber: "+85261234567", countryCode: "852" }, "852", "612*4567"],
      [{ phoneNumber: "1234567", purePhoneNumber: "1234567", countryCode: "1" }, "1", "*****67"],
    ] as const;
    for (const [phone, countryCode, mask] of cases) {
      const response = await putPhone(iris, encryptForSession(sessionKey, { ...phone, watermark }));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ countryCode, masked: mask });
    }
  });
});

describe("PUT /api/me/phone, new flow {code}", () => {
  it("exchanges the code with the platform; a reused code is 400 PHONE_CODE_INVALID", async () => {
    const jack = await me.login("jack");
    const number = await numberOf("jack");
    const { code } = await me.device.phoneCode("jack");
    const response = await putPhone(jack, { code, errMsg: "getPhoneNumber:ok" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ masked: masked(number), countryCode: "86" });
    const row = await me.app.db.userPhone.findUniqueOrThrow({ where: { userId: jack.user.id } });
    expect(row.source).toBe("code");

    const problem = await expectRefused(jack, { code }, 400, "PHONE_CODE_INVALID");
    expect(JSON.stringify(problem)).not.toContain(code);
    await expectRefused(jack, { code: "never-issued" }, 400, "PHONE_CODE_INVALID");
    expect(me.logs.text).not.toContain(code);
    expect(me.logs.text).not.toContain(number);
  });

  it("answers 503 PLATFORM_UNAVAILABLE when the platform is down, and writes nothing", async () => {
    const kate = await me.login("kate");
    const { code } = await me.device.phoneCode("kate");
    await postJson(me.api.emulator, "/emulator/faults", {
      path: "/api/apps/v1/get_phonenumber_info/",
      status: 503,
      times: 1,
    });
    const response = await expectRefused(kate, { code }, 503, "PLATFORM_UNAVAILABLE");
    expect(response.detail).toBe("Douyin is busy or unreachable");
  });

  it("answers 502 PLATFORM_MISCONFIGURED when the console holds another public key", async () => {
    const { app, logs } = await me.api.build({
      ...noRateLimits,
      DOUYIN_PHONE_PRIVATE_KEY_FILE: path.join(
        repoRoot,
        "packages/emulator/fixtures/tt_emulator_app_2.private.pem",
      ),
    });
    const liam = await me.login("liam", app);
    const { code } = await me.device.phoneCode("liam");
    await expectRefused(liam, { code }, 502, "PLATFORM_MISCONFIGURED", app);
    expect(logs.text).toContain("private-key-mismatch");
  });
});

describe("PUT /api/me/phone, input and switches", () => {
  const encrypted = { encryptedData: "AAAAAAAAAAAAAAAAAAAAAA==", iv: "AAAAAAAAAAAAAAAAAAAAAA==" };
  it.each([
    ["an empty object", {}],
    ["both flows at once", { ...encrypted, code: "abc" }],
    ["encryptedData without iv", { encryptedData: encrypted.encryptedData }],
    ["a numeric code", { code: 12345 }],
    ["an empty code", { code: "" }],
    ["a code with spaces", { code: "a b" }],
    ["an oversized code", { code: "c".repeat(513) }],
    ["an unknown field", { ...encrypted, phoneNumber: "13800138000" }],
    ["a string", "13800138000"],
  ])("answers %s with 400 VALIDATION_FAILED", async (_, body) => {
    const mia = await me.login("mia");
    await expectRefused(mia, body, 400, "VALIDATION_FAILED");
  });

  it("answers a body over the limit with 413 and no token with 401", async () => {
    const noah = await me.login("noah");
    await expectRefused(noah, { code: "c".repeat(70 * 1024) }, 413, "PAYLOAD_TOO_LARGE");
    await expectRefused(undefined, await me.device.phoneEncrypted("noah"), 401, "UNAUTHORIZED");
  });

  it("answers 403 PHONE_NUMBER_DISABLED to any body when the feature is off, and writes nothing", async () => {
    const { app, logs } = await me.api.build({ ...noRateLimits, PHONE_NUMBER_ENABLED: "false" });
    const olga = await me.login("olga", app);
    const number = await numberOf("olga");
    for (const body of [
      await me.device.phoneEncrypted("olga"),
      { code: (await me.device.phoneCode("olga")).code },
      { nonsense: true },
      "not even an object",
    ]) {
      await expectRefused(olga, body, 403, "PHONE_NUMBER_DISABLED", app);
    }
    await expectRefused(undefined, { code: "x" }, 403, "PHONE_NUMBER_DISABLED", app);
    expect((await me.send("GET", "/api/me", olga, undefined, app)).json().phone).toBeNull();
    expect(logs.text).not.toContain(number);
  });

  it("rate-limits the route per client with 429 RATE_LIMITED", async () => {
    const { app } = await me.api.build({
      RATE_LIMIT_AUTH_PER_MINUTE: "100000",
      RATE_LIMIT_PHONE_PER_MINUTE: "2",
    });
    const pete = await me.login("pete", app);
    expect((await putPhone(pete, await me.device.phoneEncrypted("pete"), app)).statusCode).toBe(
      200,
    );
    expect((await putPhone(pete, { code: "used-or-not" }, app)).statusCode).toBe(400);
    const limited = await expectRefused(
      pete,
      await me.device.phoneEncrypted("pete"),
      429,
      "RATE_LIMITED",
      app,
    );
    expect(limited.detail).toMatch(/^At most \d+ requests per 1 minute$/);
  });
});

describe("phone number helpers", () => {
  it("masks all but the first 3 and last 4 digits, and more of short numbers", () => {
    expect(maskDigits("13812345678")).toBe("138****5678");
    expect(maskDigits("912345678")).toBe("912**5678");
    expect(maskDigits("12345678")).toBe("123*5678");
    expect(maskDigits("1234567")).toBe("*****67");
    expect(maskDigits("12345")).toBe("***45");
  });

  it("normalises numbers to +<country><national>, refusing what is not one", () => {
    expect(
      normalisePhone({ phoneNumber: "138 1234 5678", purePhoneNumber: "", countryCode: "+86" }),
    ).toEqual({
      countryCode: "86",
      national: "13812345678",
      e164: "+8613812345678",
      masked: "138****5678",
    });
    expect(normalisePhone({ phoneNumber: "+1 (415) 555-0100", countryCode: 1 })?.e164).toBe(
      "+14155550100",
    );
    for (const bad of [
      {},
      { phoneNumber: 13812345678 },
      { phoneNumber: "1234" },
      { phoneNumber: "13812345678", countryCode: "86-1" },
      { phoneNumber: "1234567890123456" },
      { phoneNumber: "+44 20 7946 0000", countryCode: "86" },
    ]) {
      expect(normalisePhone(bad)).toBeUndefined();
    }
  });

  it("reads address book telephones, landlines included", () => {
    expect(normaliseTelephone(" 010-6552  1234 ")).toEqual({
      text: "010-6552 1234",
      canonical: "01065521234",
      masked: "010****1234",
    });
    expect(normaliseTelephone("+86 139 1234 5678")?.canonical).toBe("+8613912345678");
    expect(normaliseTelephone("12-34")).toBeUndefined();
    expect(normaliseTelephone("1".repeat(21))).toBeUndefined();
  });
});
