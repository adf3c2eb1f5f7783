import { describe, expect, it } from "vitest";
import {
  checkWatermark,
  DouyinDecryptError,
  DouyinWatermarkError,
  decryptUserData,
  verifyUserInfoSignature,
} from "../src/index.ts";
import { APP, useEmulator } from "./calls-support.ts";

// The emulator encrypts and signs with its own code: these tests cross-check two implementations.
const emu = useEmulator("sdk-device-crypto");

async function profileOf(user: string, appid = APP.appid) {
  await emu.control("POST", "/device/login", { user, appid });
  const profile = await emu.control("POST", "/device/user-profile", { user, appid });
  const session = await emu.control("GET", `/emulator/session?user=${user}&appid=${appid}`);
  return { profile, sessionKey: session.sessionKey as string };
}

describe("user data from the emulator's device", () => {
  it("verifies the signature and decrypts the profile with its watermark", async () => {
    const { profile, sessionKey } = await profileOf("alice");
    expect(
      verifyUserInfoSignature({
        rawData: profile.rawData,
        signature: profile.signature,
        sessionKey,
      }),
    ).toBe(true);
    const data = decryptUserData({
      encryptedData: profile.encryptedData,
      iv: profile.iv,
      sessionKey,
    });
    expect(data).toMatchObject(profile.userInfo);
    expect(
      checkWatermark(data, {
        appid: APP.appid,
        maxAgeSeconds: 60,
        now: (await emu.control("GET", "/emulator/clock")).now,
      }).appid,
    ).toBe(APP.appid);
  });

  it("decrypts the old phone number flow", async () => {
    await emu.control("POST", "/device/login", { user: "bob" });
    const answer = await emu.control("POST", "/device/phone-number", {
      user: "bob",
      flow: "encrypted",
    });
    const { sessionKey } = await emu.control("GET", "/emulator/session?user=bob");
    const phone = decryptUserData<{ phoneNumber: string; countryCode: string }>({
      encryptedData: answer.encryptedData,
      iv: answer.iv,
      sessionKey,
    });
    expect(phone).toMatchObject({ phoneNumber: expect.stringMatching(/^\d+$/), countryCode: "86" });
    checkWatermark(phone, { appid: APP.appid });
  });

  it("reports data encrypted before a later tt.login as a session key mismatch", async () => {
    const { profile } = await profileOf("carol");
    await emu.control("POST", "/device/login", { user: "carol" }); // rotates the session_key
    const { sessionKey: rotated } = await emu.control("GET", "/emulator/session?user=carol");
    expect(
      verifyUserInfoSignature({
        rawData: profile.rawData,
        signature: profile.signature,
        sessionKey: rotated,
      }),
    ).toBe(false);
    let thrown: unknown;
    try {
      decryptUserData({
        encryptedData: profile.encryptedData,
        iv: profile.iv,
        sessionKey: rotated,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DouyinDecryptError);
    expect((thrown as DouyinDecryptError).reason).toBe("session-key-mismatch");
  });

  it("refuses another app's data by its watermark", async () => {
    const { profile, sessionKey } = await profileOf("dave", "tt_emulator_app_2");
    const data = decryptUserData({
      encryptedData: profile.encryptedData,
      iv: profile.iv,
      sessionKey,
    });
    expect(() => checkWatermark(data, { appid: APP.appid })).toThrow(DouyinWatermarkError);
  });

  it("refuses a watermark older than maxAgeSeconds", async () => {
    const { profile, sessionKey } = await profileOf("erin");
    const data = decryptUserData({
      encryptedData: profile.encryptedData,
      iv: profile.iv,
      sessionKey,
    });
    const { now } = await emu.control("POST", "/emulator/clock", { advanceMs: 301_000 });
    expect(() => checkWatermark(data, { appid: APP.appid, maxAgeSeconds: 300, now })).toThrow(
      DouyinWatermarkError,
    );
  });
});
