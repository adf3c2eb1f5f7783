// POST /api/auth/logout: no body or {} ends the session of the access token; {"allSessions":true}
// every session of the user; {"refreshToken":"…"} the session that refresh token belongs to.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { deviceLogin, useApi } from "./helper.ts";

const api = useApi();
let app: App;
let baseUrl: string;

beforeAll(async () => {
  ({ app } = await api.build());
  baseUrl = await app.listen({ host: "127.0.0.1", port: 0 });
});

interface SessionBody {
  accessToken: string;
  refreshToken: string;
  user: { id: string };
}

async function loggedIn(user: string): Promise<SessionBody> {
  const { code } = await deviceLogin(api.emulator, { user });
  const response = await app.inject({ method: "POST", url: "/api/auth/login", payload: { code } });
  expect(response.statusCode).toBe(200);
  return response.json() as SessionBody;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const meStatus = async (session: SessionBody) =>
  (await app.inject({ method: "GET", url: "/api/me", headers: bearer(session.accessToken) }))
    .statusCode;
const refreshStatus = async (session: SessionBody) =>
  (
    await app.inject({
      method: "POST",
      url: "/api/auth/refresh",
      payload: { refreshToken: session.refreshToken },
    })
  ).statusCode;
const logout = (session: SessionBody, payload?: object) =>
  app.inject({
    method: "POST",
    url: "/api/auth/logout",
    headers: bearer(session.accessToken),
    ...(payload === undefined ? {} : { payload }),
  });

describe("POST /api/auth/logout", () => {
  it("with no body (over HTTP, as curl -XPOST sends it) ends this session; others go on", async () => {
    const [phone, tablet] = [await loggedIn("noah"), await loggedIn("noah")];
    const response = await fetch(`${baseUrl}/api/auth/logout`, {
      method: "POST",
      headers: bearer(phone.accessToken),
    });
    expect(response.status).toBe(204);
    expect(await meStatus(phone)).toBe(401);
    expect(await refreshStatus(phone)).toBe(401);
    expect(await meStatus(tablet)).toBe(200);
  });

  it("with a JSON content type and no bytes ends this session, too", async () => {
    const [phone, tablet] = [await loggedIn("nora"), await loggedIn("nora")];
    const response = await fetch(`${baseUrl}/api/auth/logout`, {
      method: "POST",
      headers: { ...bearer(phone.accessToken), "content-type": "application/json" },
    });
    expect(response.status).toBe(204);
    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(tablet)).toBe(200);
  });

  it("with {} ends this session only", async () => {
    const [phone, tablet] = [await loggedIn("olivia"), await loggedIn("olivia")];
    expect((await logout(tablet, {})).statusCode).toBe(204);
    expect(await meStatus(tablet)).toBe(401);
    expect(await refreshStatus(tablet)).toBe(401);
    expect(await meStatus(phone)).toBe(200);
    expect(await refreshStatus(phone)).toBe(200);
  });

  it('with {"allSessions":true} ends every session of the user, and only theirs', async () => {
    const [phone, tablet] = [await loggedIn("oscar"), await loggedIn("oscar")];
    const someoneElse = await loggedIn("otto");
    expect((await logout(tablet, { allSessions: true })).statusCode).toBe(204);
    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(tablet)).toBe(401);
    expect(await refreshStatus(phone)).toBe(401);
    expect(await meStatus(someoneElse)).toBe(200);
  });

  it('with {"allSessions":false} ends this session only', async () => {
    const [phone, tablet] = [await loggedIn("owen"), await loggedIn("owen")];
    expect((await logout(tablet, { allSessions: false })).statusCode).toBe(204);
    expect(await meStatus(tablet)).toBe(401);
    expect(await meStatus(phone)).toBe(200);
  });

  it("with {refreshToken} ends the session that token belongs to", async () => {
    const [phone, tablet] = [await loggedIn("pia"), await loggedIn("pia")];
    const response = await logout(tablet, { refreshToken: phone.refreshToken });
    expect(response.statusCode).toBe(204);
    expect(await meStatus(phone)).toBe(401);
    expect(await refreshStatus(phone)).toBe(401);
    expect(await meStatus(tablet)).toBe(200);
  });

  it("does not end another user's session", async () => {
    const victim = await loggedIn("paul");
    const attacker = await loggedIn("quinn");
    expect((await logout(attacker, { refreshToken: victim.refreshToken })).statusCode).toBe(204);
    expect(await meStatus(victim)).toBe(200);
    expect(await meStatus(attacker)).toBe(200);
  });

  it.each([
    ["refreshToken and allSessions together", { refreshToken: "x".repeat(43), allSessions: true }],
    ["a refreshToken that is not a string", { refreshToken: 7 }],
    ["allSessions that is not a boolean", { allSessions: "yes" }],
    ["an unknown field", { everything: true }],
  ])("answers %s with 400 VALIDATION_FAILED and ends nothing", async (_, payload) => {
    const session = await loggedIn("rose");
    const response = await logout(session, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("VALIDATION_FAILED");
    expect(await meStatus(session)).toBe(200);
  });

  it("answers invalid JSON with 400", async () => {
    const session = await loggedIn("ruth");
    const response = await app.inject({
      method: "POST",
      url: "/api/auth/logout",
      headers: { ...bearer(session.accessToken), "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("VALIDATION_FAILED");
    expect(await meStatus(session)).toBe(200);
  });

  it("is documented with an optional body in /openapi.json", async () => {
    const document = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const operation = document.paths["/api/auth/logout"].post;
    expect(operation.requestBody.required).toBe(false);
    expect(operation).not.toHaveProperty("x-optional-body");
    expect(operation.description).toMatch(/No body or \{\}: ends the session of the access token/);
    expect(operation.requestBody.content["application/json"].schema.properties).toHaveProperty(
      "allSessions",
    );
    const login = document.paths["/api/auth/login"].post;
    expect(login.requestBody.required).toBe(true);
  });

  it("needs a valid access token", async () => {
    const response = await app.inject({ method: "POST", url: "/api/auth/logout" });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("UNAUTHORIZED");
  });
});

describe("a signed access token without a session id (sid)", () => {
  it("ends nothing on logout", async () => {
    const session = await loggedIn("sam");
    const other = await loggedIn("sam");
    const noSid = app.jwt.sign({ sub: session.user.id } as { sub: string; sid: string });
    await app.inject({ method: "POST", url: "/api/auth/logout", headers: bearer(noSid) });
    expect(await meStatus(session)).toBe(200);
    expect(await meStatus(other)).toBe(200);
  });
});
