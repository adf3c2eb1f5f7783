// Behind a proxy the client's address is the entry the trusted proxy appended to X-Forwarded-For,
// never the left-most one, which the client writes itself: rate limits and logs must use it.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import { testEnv, useApi } from "./helper.ts";

const api = useApi();

async function listening(overrides: Record<string, string>) {
  const built = await api.build({ RATE_LIMIT_AUTH_PER_MINUTE: "2", ...overrides });
  await built.app.listen({ host: "127.0.0.1", port: 0 });
  const address = built.app.server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { ...built, base: `http://127.0.0.1:${address.port}` };
}

function forged(): string {
  const byte = () => randomBytes(1)[0] ?? 1;
  return `198.51.${byte()}.${byte()}`;
}

/** What a client behind the proxy sends: its own forged entry, then what the proxy appended. */
function loginVia(base: string, forwardedFor: string) {
  return fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
    body: JSON.stringify({ code: "not-a-code" }),
  });
}

async function expectLimitedDespiteForgery(app: App, base: string, logs: { text: string }) {
  const client = "203.0.113.7";
  const first = forged();
  expect((await loginVia(base, `${first}, ${client}`)).status).toBe(401);
  expect((await loginVia(base, `${forged()}, ${client}`)).status).toBe(401);
  const third = await loginVia(base, `${forged()}, ${client}`);
  expect(third.status).toBe(429);
  expect(((await third.json()) as { code: string }).code).toBe("RATE_LIMITED");
  // Another client behind the same proxy has its own budget.
  expect((await loginVia(base, `${forged()}, 203.0.113.8`)).status).toBe(401);

  const requests = app.log === undefined ? [] : logs.text.split("\n").filter(Boolean);
  const addresses = requests
    .map((line) => JSON.parse(line) as { req?: { remoteAddress?: string } })
    .map((line) => line.req?.remoteAddress)
    .filter((address) => address !== undefined);
  expect(addresses.length).toBeGreaterThanOrEqual(4);
  expect(new Set(addresses)).toEqual(new Set([client, "203.0.113.8"]));
  expect(logs.text).not.toContain(first);
}

describe("TRUST_PROXY", () => {
  it("as a hop count: the proxy's entry is the client, whatever the client prepends", async () => {
    const { app, base, logs } = await listening({ TRUST_PROXY: "1" });
    await expectLimitedDespiteForgery(app, base, logs);
    await app.close();
  });

  it("as the proxy's address: the same", async () => {
    const { app, base, logs } = await listening({ TRUST_PROXY: "127.0.0.1" });
    await expectLimitedDespiteForgery(app, base, logs);
    await app.close();
  });

  it("off: X-Forwarded-For is ignored and the socket's address is the client", async () => {
    const { app, base } = await listening({});
    expect((await loginVia(base, forged())).status).toBe(401);
    expect((await loginVia(base, forged())).status).toBe(401);
    expect((await loginVia(base, forged())).status).toBe(429);
    await app.close();
  });

  const env = (value: string) => ({ ...testEnv("/tmp", "http://127.0.0.1:1"), TRUST_PROXY: value });

  it.each([
    ["", false],
    ["false", false],
    ["0", false],
    ["2", 2],
    ["10.0.0.0/8", ["10.0.0.0/8"]],
    ["127.0.0.1, ::1,loopback", ["127.0.0.1", "::1", "loopback"]],
    ["fd00::/8,uniquelocal", ["fd00::/8", "uniquelocal"]],
  ])("reads %j as %j", (value, expected) => {
    expect(loadConfig(env(value)).trustProxy).toEqual(expected);
  });

  it.each([
    "true",
    "yes",
    "11",
    "-1",
    "10.0.0.0/33",
    "10.0.0/8",
    "example.com",
    "127.0.0.1,,10.0.0.1",
  ])("refuses %j with a message naming TRUST_PROXY", (value) => {
    expect(() => loadConfig(env(value))).toThrow(ConfigError);
    expect(() => loadConfig(env(value))).toThrow(/TRUST_PROXY/);
  });
});
