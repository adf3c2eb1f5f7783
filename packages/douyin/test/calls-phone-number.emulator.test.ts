import { PHONE_CODE_TTL_MS, SECOND_APP_KEYS } from "@tt/emulator";
import { describe, expect, it } from "vitest";
import {
  createDouyinClient,
  DouyinConfigError,
  type DouyinDecryptError,
  DouyinInputError,
  DouyinWatermarkError,
  decryptUserData,
  isDouyinDecryptError,
} from "../src/index.ts";
import { APP, expectNoSecretsIn, useEmulator } from "./calls-support.ts";
import { type RsaVectors, vectorFile, vectorJson } from "./vectors/load.ts";

const PATH = "/api/apps/v1/get_phonenumber_info/";
const emu = useEmulator("sdk-phone-number");

/** A fresh phone number code for a logged-in persona (the button's new flow). */
async function phoneCode(user = "alice"): Promise<string> {
  await emu.control("POST", "/device/login", { user });
  const { code } = await emu.control("POST", "/device/phone-number", { user, flow: "code" });
  emu.sensitive.add(code);
  return code;
}

describe("getPhoneNumber against the emulator", () => {
  it("decrypts the phone number and checks the watermark", async () => {
    const client = emu.clientWith();
    const code = await phoneCode("alice");
    const phone = await client.getPhoneNumber({ code });
    expect(phone.phoneNumber).toMatch(/^\d{11}$/);
    expect(phone).toMatchObject({ purePhoneNumber: phone.phoneNumber, countryCode: "86" });
    expect(phone.watermark?.appid).toBe(APP.appid);
    emu.sensitive.add(phone.phoneNumber);

    // The old flow (encryptedData under the session key) tells the same number.
    const old = await emu.control("POST", "/device/phone-number", {
      user: "alice",
      flow: "encrypted",
    });
    const session = await emu.control("GET", "/emulator/session?user=alice");
    const decrypted = decryptUserData<{ phoneNumber: string }>({
      ...old,
      sessionKey: session.sessionKey,
    });
    expect(decrypted.phoneNumber).toBe(phone.phoneNumber);
    expect(await emu.calls(PATH)).toBe(1);
  });

  it("refuses a used code: 28001007, not retried", async () => {
    const client = emu.clientWith();
    const code = await phoneCode();
    await client.getPhoneNumber({ code });
    const error = await emu.failureOf(client.getPhoneNumber({ code }));
    expect(error).toMatchObject({ platformCode: 28001007, kind: "platform", path: PATH });
    expect(error.logId).toBeTruthy();
    expect(await emu.calls(PATH)).toBe(2);
  });

  it("refuses an expired code", async () => {
    const code = await phoneCode();
    await emu.control("POST", "/emulator/clock", { advanceMs: PHONE_CODE_TTL_MS + 1000 });
    const error = await emu.failureOf(emu.clientWith().getPhoneNumber({ code }));
    expect(error.platformCode).toBe(28001007);
  });

  it("renews a revoked client_token once and succeeds", async () => {
    const client = emu.clientWith();
    await client.getPhoneNumber({ code: await phoneCode() });
    await emu.control("POST", "/emulator/tokens/invalidate", { kind: "client_token" });
    const phone = await client.getPhoneNumber({ code: await phoneCode() });
    expect(phone.phoneNumber).toMatch(/^\d+$/);
    // 1 + (refused + repeated): the refused call did not burn the code.
    expect(await emu.calls(PATH)).toBe(3);
  });

  it("is not retried when busy (-1): exactly one call", async () => {
    const code = await phoneCode();
    await emu.fault({ path: PATH, errNo: -1, times: 1 });
    const error = await emu.failureOf(emu.clientWith().getPhoneNumber({ code }));
    expect(error).toMatchObject({ platformCode: -1, category: "retryable" });
    expect(await emu.calls(PATH)).toBe(1);
  });

  it("is not retried after a timeout: the code was used by the platform", async () => {
    const code = await phoneCode();
    await emu.fault({ path: PATH, delayMs: 600 });
    const error = await emu.failureOf(emu.clientWith({ timeoutMs: 150 }).getPhoneNumber({ code }));
    expect(error).toMatchObject({ kind: "timeout", category: "retryable" });
    expect(await emu.calls(PATH)).toBe(1);
    await emu.settled();
    const again = await emu.failureOf(emu.clientWith().getPhoneNumber({ code }));
    expect(again.platformCode).toBe(28001007);
  });

  it("reports a key pair that is not the console's as private-key-mismatch", async () => {
    const client = emu.clientWith({ phoneNumberPrivateKey: SECOND_APP_KEYS.privateKey });
    const error = await emu.rejectionOf(client.getPhoneNumber({ code: await phoneCode() }));
    expect(isDouyinDecryptError(error)).toBe(true);
    expect((error as DouyinDecryptError).reason).toBe("private-key-mismatch");
  });

  it("needs phoneNumberPrivateKey: a configuration error before any request", async () => {
    const client = emu.clientWith({ phoneNumberPrivateKey: undefined });
    const error = await emu.rejectionOf(client.getPhoneNumber({ code: await phoneCode() }));
    expect(error).toBeInstanceOf(DouyinConfigError);
    expect((error as DouyinConfigError).field).toBe("phoneNumberPrivateKey");
    expect(await emu.calls(PATH)).toBe(0);
  });

  it("refuses an unreadable phoneNumberPrivateKey when the client is created", () => {
    expect(() =>
      emu.clientWith({ phoneNumberPrivateKey: "-----BEGIN PRIVATE KEY-----\nxx" }),
    ).toThrow(DouyinConfigError);
  });

  it.each([
    ["no input", null],
    ["no code", {}],
    ["an empty code", { code: "" }],
    ["a numeric code", { code: 42 }],
    ["a code with spaces", { code: "a b" }],
  ])("refuses %s before any request", async (_label, input) => {
    await expect(emu.clientWith().getPhoneNumber(input as never)).rejects.toBeInstanceOf(
      DouyinInputError,
    );
    expect(await emu.calls(PATH)).toBe(0);
  });

  it("never shows the code, the token, the key or the number in an error", async () => {
    expect(emu.errors.length).toBeGreaterThanOrEqual(6);
    expectNoSecretsIn(emu.errors, emu.sensitive);
  });
});

describe("getPhoneNumber's watermark check (openssl vector)", () => {
  it("refuses a phone number encrypted for another app", async () => {
    // The vector's plaintext names tt_vector_app; this client is another app with the same key.
    const { vectors } = vectorJson<RsaVectors>("rsa-openssl.json");
    const data = vectors.find((vector) => vector.name === "phone number")?.data;
    const client = createDouyinClient({
      appid: "tt_other_app",
      secret: "other-secret",
      phoneNumberPrivateKey: vectorFile("rsa-private.pem"),
      retry: { attempts: 1 },
      fetch: async (url) =>
        String(url).endsWith("/oauth/client_token/")
          ? Response.json({
              message: "success",
              data: { access_token: "clt.x", expires_in: 7200, error_code: 0, description: "" },
            })
          : Response.json({ err_no: 0, err_msg: "", log_id: "L", data }),
    });
    const error = await client.getPhoneNumber({ code: "code-1234" }).catch((thrown) => thrown);
    expect(error).toBeInstanceOf(DouyinWatermarkError);
    expect((error as DouyinWatermarkError).reason).toBe("foreign-appid");
    expect((error as Error).message).not.toContain("13800138000");
  });
});
