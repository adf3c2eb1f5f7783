// Access tokens an attacker can make: every one answers 401 problem+json, never 500, and none
// leaves an error (with its stack trace) in the log.
import { createHmac, generateKeyPairSync, sign as rsaSign } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import type { AppConfig } from "../src/config.ts";
import { deviceLogin, type LogCapture, useApi } from "./helper.ts";

const api = useApi();
let app: App;
let config: AppConfig;
let logs: LogCapture;
let session: { accessToken: string; user: { id: string } };
let sid: string;

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the API's own secret, or with another algorithm and key. */
function token(
  payload: unknown,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
): string {
  const body =
    typeof payload === "string" ? b64url(JSON.stringify(payload)) : b64url(JSON.stringify(payload));
  const input = `${b64url(JSON.stringify(header))}.${body}`;
  const alg = header.alg;
  if (alg === "none") return `${input}.`;
  if (alg === "RS256") {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return `${input}.${rsaSign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
  }
  const hash = alg === "HS512" ? "sha512" : alg === "HS384" ? "sha384" : "sha256";
  return `${input}.${createHmac(hash, config.jwtSecret).update(input).digest("base64url")}`;
}

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const issued = now();
  return { sub: session.user.id, sid, iat: issued, exp: issued + 600, ...overrides };
}

beforeAll(async () => {
  ({ app, config, logs } = await api.build());
  const { code } = await deviceLogin(api.emulator, { user: "tara" });
  const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { code } });
  session = response.json();
  const [, payload] = session.accessToken.split(".");
  sid = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")).sid;
});

function me(accessToken: string) {
  return app.inject({
    method: "GET",
    url: "/api/me",
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

describe("access tokens", () => {
  it("accepts the API's own token, and one the test signs the same way", async () => {
    expect((await me(session.accessToken)).statusCode).toBe(200);
    expect((await me(token(claims()))).statusCode).toBe(200);
  });

  const hostile: [string, () => string][] = [
    ["signed with HS512 and the same secret", () => token(claims(), { alg: "HS512", typ: "JWT" })],
    ["signed with HS384 and the same secret", () => token(claims(), { alg: "HS384", typ: "JWT" })],
    ["signed with RS256", () => token(claims(), { alg: "RS256", typ: "JWT" })],
    ["with alg none", () => token(claims(), { alg: "none", typ: "JWT" })],
    ["whose payload is a JSON array", () => token([claims()])],
    ["whose payload is a JSON string", () => token("a string")],
    ["whose payload is a number", () => token(42)],
    ["whose payload is null", () => token(null)],
    ["not valid before a future time", () => token(claims({ nbf: now() + 3600 }))],
    ["without exp", () => token(claims({ exp: undefined }))],
    ["without sub", () => token(claims({ sub: undefined }))],
    ["without sid", () => token(claims({ sid: undefined }))],
    ["whose sub is a number", () => token(claims({ sub: 12 }))],
    ["whose sub is empty", () => token(claims({ sub: "" }))],
    ["whose sid is empty", () => token(claims({ sid: "" }))],
    ["whose sid is an object", () => token(claims({ sid: { $ne: "" } }))],
    ["whose exp is a string", () => token(claims({ exp: String(now() + 600) }))],
    ["with a header that is not JSON", () => `bm90LWpzb24.${b64url("{}")}.c2ln`],
    ["with two parts", () => `${b64url("{}")}.${b64url("{}")}`],
    [
      "with a critical header it does not know",
      () => token(claims(), { alg: "HS256", crit: ["x"] }),
    ],
  ];

  it.each(hostile)("answers a token %s with 401 UNAUTHORIZED", async (_, make) => {
    const before = logs.lines.length;
    const response = await me(make());
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
      detail: "The access token is not valid",
    });
    const written = logs.lines.slice(before).map((line) => JSON.parse(line));
    expect(written.filter((line) => line.level >= 50)).toEqual([]);
    expect(logs.lines.slice(before).join("")).not.toContain("stack");
  });

  it("answers an expired token with 401 ACCESS_TOKEN_EXPIRED", async () => {
    const response = await me(token(claims({ iat: now() - 7200, exp: now() - 3600 })));
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: "ACCESS_TOKEN_EXPIRED",
      detail: "Refresh it at /api/auth/refresh",
    });
  });

  it.each([
    ["no Authorization header", undefined],
    ["a Basic Authorization header", "Basic dGFyYTpwdw=="],
    ["Bearer without a token", "Bearer"],
    ["Bearer with two words", "Bearer one two"],
  ])("answers %s with 401 UNAUTHORIZED naming the header to send", async (_, header) => {
    const response = await app.inject({
      method: "GET",
      url: "/api/me",
      ...(header === undefined ? {} : { headers: { authorization: header } }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: "UNAUTHORIZED",
      detail: "Send Authorization: Bearer <accessToken>",
    });
  });

  it("answers a valid token of a session that ended with 401 saying so", async () => {
    const { code } = await deviceLogin(api.emulator, { user: "tara-ended" });
    const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { code } });
    const { accessToken } = login.json() as { accessToken: string };
    const out = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(out.statusCode).toBe(204);
    const response = await me(accessToken);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      code: "UNAUTHORIZED",
      detail: "This session has ended; log in again",
    });
  });
});
