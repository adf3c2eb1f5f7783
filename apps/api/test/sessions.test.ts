// The sessions service on its own (no HTTP): a refresh token's last valid instant, the answers
// for an unknown, expired or reused token, and which logouts end what.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { DomainError } from "../src/domain/errors.ts";
import { useApi } from "./helper.ts";

const api = useApi();
let app: App;
let userId: string;
let otherUserId: string;

beforeAll(async () => {
  ({ app } = await api.build({ REFRESH_TOKEN_TTL_SECONDS: "3600" }));
  const appid = app.config.douyin.appid;
  userId = (await app.users.recordLogin({ appid, openid: "sessions-user" })).id;
  otherUserId = (await app.users.recordLogin({ appid, openid: "sessions-other" })).id;
});

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("the sessions service", () => {
  it("takes a refresh token until the millisecond before it expires, not at it", async () => {
    const t0 = new Date("2026-12-01T00:00:00.000Z");
    const expiry = new Date(t0.getTime() + 3_600_000);
    const first = await app.sessions.start(userId, t0);
    const at = await failure(app.sessions.rotate(first.refreshToken, expiry));
    expect([at.code, at.detail]).toEqual(["REFRESH_TOKEN_INVALID", "Log in again"]);
    const second = await app.sessions.start(userId, t0);
    const rotated = await app.sessions.rotate(second.refreshToken, new Date(expiry.getTime() - 1));
    expect(rotated.user).toMatchObject({ id: userId, openid: "sessions-user" });
    expect(rotated.familyId).toBe(second.familyId);
  });

  it("answers an unknown token INVALID and a spent one REUSED, ending its family", async () => {
    const unknown = await failure(app.sessions.rotate("no-such-token"));
    expect([unknown.code, unknown.detail]).toEqual(["REFRESH_TOKEN_INVALID", "Log in again"]);
    const started = await app.sessions.start(userId);
    const next = await app.sessions.rotate(started.refreshToken);
    const reused = await failure(app.sessions.rotate(started.refreshToken));
    expect([reused.code, reused.detail]).toEqual(["REFRESH_TOKEN_REUSED", "Log in again"]);
    expect(await app.sessions.isOpen(started.familyId)).toBe(false);
    expect((await failure(app.sessions.rotate(next.refreshToken))).code).toBe(
      "REFRESH_TOKEN_INVALID",
    );
  });

  it("refuses to end a session it cannot name, and ends nothing", async () => {
    const open = await app.sessions.start(userId);
    for (const familyId of ["", undefined as unknown as string, 7 as unknown as string]) {
      const refused = await failure(app.sessions.endSession(userId, familyId));
      expect([refused.code, refused.detail]).toEqual([
        "UNAUTHORIZED",
        "This token names no session",
      ]);
    }
    expect(await app.sessions.isOpen(open.familyId)).toBe(true);
  });

  it("ends the session of a refresh token only for its own user, and ignores unknown tokens", async () => {
    const mine = await app.sessions.start(userId);
    await app.sessions.endSessionOf(otherUserId, mine.refreshToken);
    expect(await app.sessions.isOpen(mine.familyId)).toBe(true);
    await expect(app.sessions.endSessionOf(userId, "no-such-token")).resolves.toBeUndefined();
    expect(await app.sessions.isOpen(mine.familyId)).toBe(true);
    await app.sessions.endSessionOf(userId, mine.refreshToken);
    expect(await app.sessions.isOpen(mine.familyId)).toBe(false);
  });
});
