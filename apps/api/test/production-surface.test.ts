// What a production deployment exposes: no API map unless asked for, a database only its owner can
// read, and an admin key that cannot be guessed by trying.
import { statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const api = useApi();

/** Production refuses the emulator: real-looking credentials; nothing here calls the platform. */
const production = {
  NODE_ENV: "production",
  DOUYIN_ENVIRONMENT: "production",
  DOUYIN_APP_ID: "tt0123456789abcdef",
  DOUYIN_APP_SECRET: "a-secret-that-is-never-used-here",
};

const mode = (file: string) => statSync(file).mode & 0o777;

describe("API documentation", () => {
  it("is off in production", async () => {
    const { app } = await api.build(production);
    expect((await app.inject({ url: "/openapi.json" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/docs" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/docs/static/index.html" })).statusCode).toBe(404);
  });

  it("is on in production with DOCS_ENABLED=true, and by default elsewhere", async () => {
    for (const overrides of [{ ...production, DOCS_ENABLED: "true" }, {}]) {
      const { app } = await api.build(overrides);
      const document = await app.inject({ url: "/openapi.json" });
      expect(document.statusCode).toBe(200);
      expect(document.json().paths).toHaveProperty(["/api/me"]);
      expect((await app.inject({ url: "/docs" })).statusCode).toBe(200);
    }
  });

  it("is off anywhere with DOCS_ENABLED=false", async () => {
    const { app } = await api.build({ DOCS_ENABLED: "false" });
    expect((await app.inject({ url: "/openapi.json" })).statusCode).toBe(404);
  });
});

describe("the SQLite file", () => {
  it("is created 0600, with its WAL and shared memory, in a folder created 0700", async () => {
    const folder = path.join(api.dir, "private", "data");
    const file = path.join(folder, "app.db");
    const { app } = await api.build({ DATABASE_URL: `file:${file}` });
    // A write, so that the WAL and shared-memory files exist.
    await app.db.webhookEvent.create({
      data: { msgId: "mode-check", event: "test", payload: "{}", receivedAt: new Date() },
    });
    expect(mode(path.join(api.dir, "private"))).toBe(0o700);
    expect(mode(folder)).toBe(0o700);
    expect({
      db: mode(file),
      wal: mode(`${file}-wal`),
      shm: mode(`${file}-shm`),
    }).toEqual({ db: 0o600, wal: 0o600, shm: 0o600 });
  });
});

describe("wrong admin keys", () => {
  it("are refused with 429 after RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE, the right key too", async () => {
    const { app, config } = await api.build({ RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: "3" });
    const users = (key: string, remoteAddress = "203.0.113.9") =>
      app.inject({ url: "/api/admin/users", headers: { "x-admin-key": key }, remoteAddress });
    const wrong = () => `wrong-${Math.random()}`.padEnd(40, "x");
    const right = config.adminApiKey ?? "";

    expect((await users(right)).statusCode).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await users(wrong())).json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
    }
    const limited = await users(wrong());
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({
      code: "RATE_LIMITED",
      detail: "At most 3 wrong admin keys per minute",
    });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect((await users(right)).json()).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    // Another client is not affected.
    expect((await users(right, "203.0.113.10")).statusCode).toBe(200);
  });
});
