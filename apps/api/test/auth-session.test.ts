import { loginAs } from "@tt/test-support";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { App } from "../src/app.ts";
import { useApi } from "./helper.ts";
import { countRows } from "./rows.ts";

const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build());
});

const loggedIn = (user: string) => loginAs(app, api.emulator.url, user);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const me = (headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url: "/api/me", headers });
const refresh = (refreshToken: unknown) =>
  app.inject({ method: "POST", url: "/api/auth/refresh", payload: { refreshToken } as object });

describe("GET /api/me", () => {
  it("answers the logged-in user", async () => {
    const session = await loggedIn("henry");
    const response = await me(bearer(session.accessToken));
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toEqual(session.user);
  });

  it.each([
    ["no Authorization header", {}],
    ["a malformed header", { authorization: "Token abc" }],
    ["a forged token", bearer("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")],
    ["an unsigned token", bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2lkIjoieSJ9.")],
  ])("answers %s with 401 UNAUTHORIZED", async (_, headers) => {
    const response = await me(headers);
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe("UNAUTHORIZED");
  });

  it("answers an expired access token with 401 ACCESS_TOKEN_EXPIRED", async () => {
    const session = await loggedIn("iris");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + (app.config.accessTokenTtlSeconds + 1) * 1000);
      const response = await me(bearer(session.accessToken));
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe("ACCESS_TOKEN_EXPIRED");
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("POST /api/auth/refresh", () => {
  it("rotates: a new pair, and the old refresh token is spent", async () => {
    const session = await loggedIn("jack");
    const rotated = await refresh(session.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const next = rotated.json();
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.user.id).toBe(session.user.id);
    expect((await me(bearer(next.accessToken))).statusCode).toBe(200);
    // The old token is spent: recorded as rotated, and refused (as a reuse) if presented again.
    const rows = await app.db.refreshToken.findMany({
      where: { userId: session.user.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.rotatedAt).toBeInstanceOf(Date);
    expect(rows[1]?.rotatedAt).toBeNull();
    const again = await refresh(session.refreshToken);
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe("REFRESH_TOKEN_REUSED");
  });

  it("gives every refresh token REFRESH_TOKEN_TTL_SECONDS to live, from its creation", async () => {
    const ttlMs = app.config.refreshTokenTtlSeconds * 1000;
    const session = await loggedIn("jill");
    await refresh(session.refreshToken);
    const rows = await app.db.refreshToken.findMany({ where: { userId: session.user.id } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(ttlMs);
    }
  });

  it("revokes the whole family when a rotated token is used again", async () => {
    const session = await loggedIn("kate");
    const next = (await refresh(session.refreshToken)).json();
    const reuse = await refresh(session.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe("REFRESH_TOKEN_REUSED");
    // Neither the thief's nor the owner's tokens work any more.
    expect((await refresh(next.refreshToken)).json().code).toBe("REFRESH_TOKEN_INVALID");
    expect((await me(bearer(next.accessToken))).json().code).toBe("UNAUTHORIZED");
  });

  it("lets exactly one of two concurrent refreshes with the same token win", async () => {
    const session = await loggedIn("liam");
    const answers = await Promise.all([
      refresh(session.refreshToken),
      refresh(session.refreshToken),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
    const loser = answers.find((a) => a.statusCode === 401)?.json();
    expect(loser.code).toBe("REFRESH_TOKEN_REUSED");
    // The loser was told the token was reused: the winner's new tokens must be dead too.
    const winner = answers.find((a) => a.statusCode === 200)?.json();
    expect((await refresh(winner.refreshToken)).json()).toMatchObject({
      status: 401,
      code: "REFRESH_TOKEN_INVALID",
    });
    expect((await me(bearer(winner.accessToken))).json()).toMatchObject({
      status: 401,
      code: "UNAUTHORIZED",
    });
  });

  it.each([
    ["an unknown token", "x".repeat(43), 401, "REFRESH_TOKEN_INVALID"],
    ["an empty token", "", 400, "VALIDATION_FAILED"],
    ["a number", 42, 400, "VALIDATION_FAILED"],
    ["an oversized token", "x".repeat(300), 400, "VALIDATION_FAILED"],
  ])("answers %s with %i %s and writes nothing", async (_, token, status, code) => {
    const before = await countRows(app);
    const response = await refresh(token);
    expect(response.statusCode).toBe(status);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe(code);
    expect(await countRows(app)).toEqual(before);
  });

  it("refuses an expired refresh token", async () => {
    const session = await loggedIn("mia");
    await app.db.refreshToken.updateMany({
      where: { userId: session.user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await refresh(session.refreshToken)).json().code).toBe("REFRESH_TOKEN_INVALID");
  });
});
