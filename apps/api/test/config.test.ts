import { describe, expect, it } from "vitest";
import { ConfigError, emulatorDefaultApp, loadConfig } from "../src/config.ts";

const key = Buffer.alloc(32, 7).toString("base64");
const base = {
  NODE_ENV: "test",
  JWT_SECRET: "j".repeat(32),
  SESSION_KEY_ENCRYPTION_KEY: key,
  PHONE_ENCRYPTION_KEY: key,
  ADMIN_API_KEY: "a".repeat(32),
  DATABASE_URL: "file:/tmp/tt-config-test.db",
};

describe("loadConfig", () => {
  it("defaults to the emulator's app when no Douyin credentials are set", () => {
    const config = loadConfig(base);
    expect(config.douyin).toMatchObject({
      ...emulatorDefaultApp,
      environment: "emulator",
      emulatorUrl: "http://127.0.0.1:3100",
    });
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
  });

  it("switches to the real platform when credentials are set", () => {
    const config = loadConfig({ ...base, DOUYIN_APP_ID: "tt123", DOUYIN_APP_SECRET: "s3cret" });
    expect(config.douyin).toMatchObject({
      appid: "tt123",
      secret: "s3cret",
      environment: "production",
    });
  });

  it("lets production talk to the emulator only when told so, with the emulator's app named", () => {
    const staging = {
      ...base,
      NODE_ENV: "production",
      ...{ DOUYIN_APP_ID: emulatorDefaultApp.appid, DOUYIN_APP_SECRET: emulatorDefaultApp.secret },
    };
    expect(loadConfig(staging).douyin.environment).toBe("production");
    const config = loadConfig({
      ...staging,
      DOUYIN_ENVIRONMENT: "emulator",
      DOUYIN_EMULATOR_URL: "http://10.0.0.5:3100",
    });
    expect(config.douyin).toMatchObject({
      ...emulatorDefaultApp,
      environment: "emulator",
      emulatorUrl: "http://10.0.0.5:3100",
    });
  });

  it("resolves a relative SQLite path against the repository root", () => {
    const config = loadConfig({ ...base, DATABASE_URL: "file:.data/x.db" });
    expect(config.database).toEqual({
      provider: "sqlite",
      file: expect.stringMatching(/^\/.*\/\.data\/x\.db$/),
    });
  });

  it("selects PostgreSQL with a postgresql:// URL, its schema parameter checked", () => {
    const url = "postgresql://app:pw@db.internal:5432/tt?schema=api";
    expect(loadConfig({ ...base, DATABASE_URL: url }).database).toEqual({
      provider: "postgresql",
      url,
    });
    expect(() => loadConfig({ ...base, DATABASE_URL: "postgresql://db/tt?schema=a;drop" })).toThrow(
      ConfigError,
    );
    expect(() =>
      loadConfig({ ...base, DATABASE_URL: "postgresql://db/tt?connection_limit=many" }),
    ).toThrow(/connection_limit "many"/);
    expect(() => loadConfig({ ...base, DATABASE_URL: "mysql://db/tt" })).toThrow(
      /DATABASE_URL must be file:<path> \(SQLite\) or postgresql:\/\/…/,
    );
  });

  it.each([
    [{ NODE_ENV: "production", JWT_SECRET: undefined }, /JWT_SECRET is required in production/],
    [{ NODE_ENV: "production" }, /Production needs DOUYIN_APP_ID and DOUYIN_APP_SECRET/],
    [
      { NODE_ENV: "production", DOUYIN_ENVIRONMENT: "emulator" },
      /Production needs DOUYIN_APP_ID and DOUYIN_APP_SECRET/,
    ],
    [{ NODE_ENV: "staging" }, /NODE_ENV must be one of/],
    [{ PORT: "http" }, /PORT must be an integer/],
    [{ PORT: "70000" }, /PORT must be an integer/],
    [{ JWT_SECRET: "short" }, /at least 32 characters/],
    [{ SESSION_KEY_ENCRYPTION_KEY: "c2hvcnQ=" }, /32 bytes in base64/],
    [{ DOUYIN_APP_ID: "tt1" }, /both DOUYIN_APP_ID and DOUYIN_APP_SECRET/],
    [{ DOUYIN_ENVIRONMENT: "sandbox" }, /needs DOUYIN_APP_ID/],
    [{ DOUYIN_EMULATOR_URL: "ftp://x" }, /http\(s\) URL/],
    [{ DATABASE_URL: "mysql://x" }, /must be file:<path> \(SQLite\) or postgresql/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL must be one of/],
    [{ MIGRATE_ON_START: "yes" }, /true or false/],
  ])("refuses %o", (overrides, message) => {
    expect(() => loadConfig({ ...base, ...overrides })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...overrides })).toThrow(message);
  });
});
