import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const api = useApi();

describe("security", () => {
  it("rate-limits logins per client with 429 problem+json and Retry-After", async () => {
    const { app } = await api.build({ RATE_LIMIT_AUTH_PER_MINUTE: "2" });
    const attempt = () =>
      app.inject({ method: "POST", url: "/api/auth/login", payload: { code: "not-a-code" } });
    for (let allowed = 0; allowed < 2; allowed += 1) {
      expect((await attempt()).json()).toMatchObject({ status: 401, code: "LOGIN_CODE_INVALID" });
    }
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(limited.json().code).toBe("RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("sends security headers and no CORS headers by default", async () => {
    const { app } = await api.build();
    const response = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { origin: "https://evil.example" },
    });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("allows only the configured CORS origins", async () => {
    const { app } = await api.build({ CORS_ORIGINS: "https://admin.example" });
    const allowed = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { origin: "https://admin.example" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://admin.example");
    const other = await app.inject({
      method: "GET",
      url: "/healthz",
      headers: { origin: "https://evil.example" },
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
