// The API over real HTTP on loopback: health, documentation, unknown routes, and the scripted
// client of the acceptance (device login → API login → /api/me) with a search of every log line.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { deviceLogin, emulatorSession, type LogCapture, useApi } from "./helper.ts";

const api = useApi();
let app: App;
let logs: LogCapture;
let baseUrl: string;

beforeAll(async () => {
  ({ app, logs } = await api.build());
  baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
});

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
}
interface SessionBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string; openid: string | null };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("operations", () => {
  it("answers /healthz and /readyz", async () => {
    const health = await fetch(`${baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: "ok",
      checks: { database: "ok", migrations: "ok", douyin: "configured (emulator)" },
    });
  });

  it("serves the OpenAPI document and the docs UI", async () => {
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as OpenApiDocument;
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/logout",
        "/api/me",
      ]),
    );
    expect(document.paths["/api/auth/login"]?.post?.responses["401"]?.content).toHaveProperty(
      "application/problem+json",
    );
    const docs = await fetch(`${baseUrl}/docs`, { redirect: "follow" });
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/<html/i);
  });

  it("answers unknown routes with 404 problem+json", async () => {
    const response = await fetch(`${baseUrl}/api/nothing-here?token=secret`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });
});

describe("the scripted client", () => {
  it("logs in, gets its user back, is refused the same code twice, and leaks nothing to the log", async () => {
    const device = await deviceLogin(api.emulator, { user: "scripted" });
    const loginResponse = await post("/api/auth/login", {
      code: device.code,
      anonymousCode: device.anonymousCode,
    });
    expect(loginResponse.status).toBe(200);
    const session = (await loginResponse.json()) as SessionBody;

    const meResponse = await fetch(`${baseUrl}/api/me`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(meResponse.status).toBe(200);
    const { user } = (await meResponse.json()) as { user: SessionBody["user"] };
    const douyin = await emulatorSession(api.emulator, "scripted");
    expect(user).toMatchObject({ id: session.user.id, openid: douyin.openid });

    const again = await post("/api/auth/login", { code: device.code });
    expect(again.status).toBe(401);
    expect(again.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(((await again.json()) as { code: string }).code).toBe("LOGIN_CODE_INVALID");

    const refreshed = (await (
      await post("/api/auth/refresh", { refreshToken: session.refreshToken })
    ).json()) as SessionBody;

    const secrets = [
      device.code,
      device.anonymousCode,
      douyin.sessionKey,
      session.accessToken,
      session.refreshToken,
      refreshed.accessToken,
      refreshed.refreshToken,
      app.config.jwtSecret,
      app.config.douyin.secret,
    ];
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const secret of secrets) expect(logs.text).not.toContain(secret);
  });
});
