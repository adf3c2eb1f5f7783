import { randomBytes } from "node:crypto";
import { testDatabaseUrl } from "./database.ts";

/** The emulator's default app, as the API's tests and the mini-program's log in to it. */
export const emulatorApp = { appid: "tt_emulator_app", secret: "tt_emulator_secret" } as const;

/**
 * The API's settings for a test run against the emulator: a SQLite file in `dir`, fresh random
 * keys (the admin key included), the emulator's app, a 1 s platform timeout. `overrides` add or
 * replace settings. Used by apps/api's app factory tests and by apps/miniapp's API child process.
 */
export function apiTestEnv(
  dir: string,
  emulatorUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    DATABASE_URL: testDatabaseUrl(dir, "api"),
    JWT_SECRET: randomBytes(32).toString("hex"),
    SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    PHONE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ADMIN_API_KEY: randomBytes(24).toString("base64url"),
    DOUYIN_ENVIRONMENT: "emulator",
    DOUYIN_EMULATOR_URL: emulatorUrl,
    DOUYIN_APP_ID: emulatorApp.appid,
    DOUYIN_APP_SECRET: emulatorApp.secret,
    DOUYIN_TIMEOUT_MS: "1000",
    ...overrides,
  };
}
