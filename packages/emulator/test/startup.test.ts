import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { buildEmulator, DEFAULT_PORT, startEmulator } from "../src/index.ts";
import {
  accessToken,
  clientToken,
  deviceLogin,
  exchange,
  get,
  openPost,
  post,
} from "./support/http.ts";

describe("loadConfig", () => {
  it("has defaults", () => {
    expect(loadConfig({})).toEqual({
      host: "127.0.0.1",
      port: DEFAULT_PORT,
      seed: undefined,
      apps: undefined,
    });
  });

  it("reads EMULATOR_* variables", () => {
    const config = loadConfig({
      EMULATOR_HOST: "0.0.0.0",
      EMULATOR_PORT: "4000",
      EMULATOR_SEED: "s",
      EMULATOR_APPS: '[{"appid":"a1","secret":"s1"}]',
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 4000,
      seed: "s",
      apps: [{ appid: "a1", secret: "s1" }],
    });
  });

  it.each([
    { EMULATOR_PORT: "abc" },
    { EMULATOR_PORT: "70000" },
    { EMULATOR_APPS: "not json" },
    { EMULATOR_APPS: "[]" },
    { EMULATOR_APPS: '[{"appid":"a"}]' },
    { EMULATOR_APPS: '[{"appid":"a","secret":"s"},{"appid":"a","secret":"t"}]' },
  ])("refuses %j", (env) => {
    expect(() => loadConfig(env)).toThrow(/EMULATOR_/);
  });

  it("never quotes the apps value in its errors", () => {
    expect(() => loadConfig({ EMULATOR_APPS: '[{"appid":"a","secret":"hidden"' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("hidden") }),
    );
  });
});

describe("startEmulator", () => {
  it("serves the apps it is given; the first is the default", async () => {
    const custom = { appid: "custom_app", secret: "custom_secret" };
    const apps = [custom];
    const emulator = await startEmulator({ port: 0, apps });
    try {
      expect((await get(emulator.url, "/emulator/apps")).json.apps).toEqual([
        expect.objectContaining(custom),
      ]);
      const login = await deviceLogin(emulator.url);
      expect((await exchange(emulator.url, { ...custom, code: login.code })).json.err_no).toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it("refuses an invalid app list", async () => {
    await expect(startEmulator({ port: 0, apps: [] })).rejects.toThrow(/apps/);
  });

  it("builds an instance usable with inject()", async () => {
    const app = buildEmulator({ seed: "inject" });
    const answer = await app.inject({ method: "GET", url: "/emulator/stats" });
    expect(answer.json()).toEqual({
      calls: {},
      cloudCalls: {},
      inFlight: 0,
      webhooksPending: 0,
    });
    await app.close();
  });

  it("logs neither secrets, codes nor session keys", async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({
      port: 0,
      logger: true,
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const login = await deviceLogin(emulator.url);
      const answer = await exchange(emulator.url, {
        appid: "tt_emulator_app",
        secret: "tt_emulator_secret",
        code: login.code,
      });
      await fetch(`${emulator.url}/api/apps/v2/jscode2session?secret=tt_emulator_secret`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"secret":"tt_emulator_secret"`,
      });
      const log = lines.join("");
      expect(log).toContain("/api/apps/v2/jscode2session");
      for (const secret of [
        "tt_emulator_secret",
        login.code,
        login.anonymousCode,
        answer.json.data.session_key,
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await emulator.close();
    }
  });

  it("logs no tokens, phone codes, phone numbers, ciphertexts or webhook secrets", async () => {
    const lines: string[] = [];
    const emulator = await startEmulator({
      port: 0,
      logger: true,
      logStream: { write: (line) => lines.push(line) },
    });
    try {
      const app = { appid: "tt_emulator_app", secret: "tt_emulator_secret" };
      await deviceLogin(emulator.url, { user: "logged" });
      const token = await clientToken(emulator.url, app);
      const access = await accessToken(emulator.url, app);
      const { code } = (
        await post(emulator.url, "/device/phone-number", { user: "logged", flow: "code" })
      ).json;
      const info = await openPost(emulator.url, "/api/apps/v1/get_phonenumber_info/", token, {
        code,
      });
      const encrypted = (
        await post(emulator.url, "/device/phone-number", { user: "logged", flow: "encrypted" })
      ).json;
      const profile = (await post(emulator.url, "/device/user-profile", { user: "logged" })).json;
      const address = (await get(emulator.url, "/device/address?user=logged")).json;
      await post(emulator.url, "/emulator/webhooks", {
        url: "http://127.0.0.1:9/hook",
        secret: "webhook-secret-value",
      });
      await openPost(emulator.url, "/api/notification/v2/subscription/notify_user/", "bad", {});
      const log = lines.join("");
      expect(log).toContain("/api/apps/v1/get_phonenumber_info/");
      for (const secret of [
        token,
        access,
        code,
        info.json.data,
        encrypted.encryptedData,
        profile.encryptedData,
        profile.signature,
        address.telNumber,
        "webhook-secret-value",
        app.secret,
      ]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      await emulator.close();
    }
  });
});
