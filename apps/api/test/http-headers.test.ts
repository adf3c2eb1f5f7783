// Headers that protect what the API answers, checked over real HTTP on loopback: no cache may keep
// a token or personal data, and a browser's preflight allows every method the API serves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import type { AppConfig } from "../src/config.ts";
import { deviceLogin, useApi } from "./helper.ts";
import { samples } from "./me-fixtures.ts";

const api = useApi();
const origin = "https://admin.example";
let app: App;
let config: AppConfig;
let base: string;

beforeAll(async () => {
  ({ app, config } = await api.build({ CORS_ORIGINS: origin }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => app.close());

async function call(method: string, path: string, init: { token?: string; body?: unknown } = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

describe("Cache-Control", () => {
  it("is no-store on every answer carrying tokens or personal data, and on their errors", async () => {
    const { code } = await deviceLogin(api.emulator, { user: "uma" });
    const login = await call("POST", "/api/auth/login", { body: { code } });
    const session = (await login.clone().json()) as { accessToken: string; refreshToken: string };
    const refresh = await call("POST", "/api/auth/refresh", {
      body: { refreshToken: session.refreshToken },
    });
    const { accessToken } = (await refresh.clone().json()) as { accessToken: string };
    const answers = {
      login,
      refresh,
      me: await call("GET", "/api/me", { token: accessToken }),
      addresses: await call("GET", "/api/me/addresses", { token: accessToken }),
      device: await call("PUT", "/api/me/device", { token: accessToken, body: samples.device }),
      unauthorized: await call("GET", "/api/me"),
      badLogin: await call("POST", "/api/auth/login", { body: { code: "used-or-unknown" } }),
      admin: await fetch(`${base}/api/admin/users`, {
        headers: { "x-admin-key": config.adminApiKey ?? "" },
      }),
      adminForbidden: await fetch(`${base}/api/admin/users`, {
        headers: { "x-admin-key": "x".repeat(40) },
      }),
      logout: await call("POST", "/api/auth/logout", { token: accessToken, body: {} }),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([k, r]) => [k, r.status]));
    expect(statuses).toEqual({
      login: 200,
      refresh: 200,
      me: 200,
      addresses: 200,
      device: 200,
      unauthorized: 401,
      badLogin: 401,
      admin: 200,
      adminForbidden: 403,
      logout: 204,
    });
    const cacheControl = Object.fromEntries(
      Object.entries(answers).map(([k, r]) => [k, r.headers.get("cache-control")]),
    );
    expect(cacheControl).toEqual(
      Object.fromEntries(Object.keys(answers).map((k) => [k, "no-store"])),
    );
  });
});

describe("CORS", () => {
  it("answers a browser's preflight for PUT with Authorization from an allowed origin", async () => {
    const preflight = await fetch(`${base}/api/me/profile`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PUT",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    const methods = (preflight.headers.get("access-control-allow-methods") ?? "").split(",");
    expect(methods.map((m) => m.trim())).toEqual(
      expect.arrayContaining(["GET", "HEAD", "POST", "PUT"]),
    );
    const headers = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    expect(headers.split(",").map((h) => h.trim())).toEqual(
      expect.arrayContaining(["authorization", "content-type"]),
    );
  });

  it("allows every method a route of the API serves", async () => {
    const served = new Set<string>();
    for (const route of app.printRoutes({ commonPrefix: false }).matchAll(/\(([A-Z, ]+)\)/g)) {
      for (const method of (route[1] ?? "").split(",")) served.add(method.trim());
    }
    served.delete("OPTIONS");
    expect(served.size).toBeGreaterThan(2);
    for (const method of served) {
      const preflight = await fetch(`${base}/api/me`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": method },
      });
      expect(preflight.headers.get("access-control-allow-methods")).toContain(method);
    }
  });

  it("gives another origin no CORS headers", async () => {
    const preflight = await fetch(`${base}/api/me/profile`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "PUT" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });
});
