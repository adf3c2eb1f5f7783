// A login with an anonymousCode alone (the person logged out of Douyin, or someone else holds the
// phone) must never reach a full user's data; a guest still becomes a user by logging in.
import { describe, expect, it } from "vitest";
import { deviceLogin, emulatorSession } from "./helper.ts";
import { type InjectResponse, samples, useMeApi } from "./me-fixtures.ts";

const context = useMeApi();
const { api } = context;

interface SessionBody {
  accessToken: string;
  user: { id: string; isGuest: boolean; openid: string | null };
}

async function login(body: { code?: string; anonymousCode?: string }): Promise<SessionBody> {
  const response = await context.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: body,
  });
  expect(response.statusCode).toBe(200);
  return response.json() as SessionBody;
}

function send(method: "GET" | "PUT", url: string, session: SessionBody, body?: unknown) {
  return context.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${session.accessToken}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

const { address } = samples;

async function fullLoginWithData(persona: string): Promise<SessionBody> {
  const codes = await deviceLogin(api.emulator, { user: persona });
  const user = await login({ code: codes.code, anonymousCode: codes.anonymousCode });
  expect(user.user.isGuest).toBe(false);
  expect((await send("PUT", "/api/me/address", user, address)).statusCode).toBe(200);
  expect((await send("PUT", "/api/me/location", user, samples.location)).statusCode).toBe(200);
  return user;
}

async function anonymousLogin(persona: string): Promise<SessionBody> {
  const codes = await deviceLogin(api.emulator, { user: persona, loggedIn: false });
  expect(codes.code).toBe("");
  return login({ anonymousCode: codes.anonymousCode });
}

function json(response: InjectResponse) {
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("anonymous-only logins", () => {
  it("never reach the full user of the same device: they get their own, empty guest", async () => {
    const user = await fullLoginWithData("gina");
    const guest = await anonymousLogin("gina");

    expect(guest.user).toMatchObject({ isGuest: true, openid: null });
    expect(guest.user.id).not.toBe(user.user.id);
    const seen = json(await send("GET", "/api/me", guest));
    expect(seen).toMatchObject({ user: { id: guest.user.id }, location: null, phone: null });
    expect(json(await send("GET", "/api/me/addresses", guest))).toEqual({ addresses: [] });

    // What the guest writes stays the guest's.
    const other = { ...address, detailInfo: "中山路2号" };
    expect((await send("PUT", "/api/me/address", guest, other)).statusCode).toBe(200);
    const usersBook = json(await send("GET", "/api/me/addresses", user));
    expect(usersBook.addresses.map((a: { detailInfo: string }) => a.detailInfo)).toEqual([
      "天河路1号",
    ]);
  });

  it("keep finding the same guest, and the guest's upgrade keeps its data", async () => {
    const first = await anonymousLogin("hank");
    expect((await send("PUT", "/api/me/address", first, address)).statusCode).toBe(200);
    const again = await anonymousLogin("hank");
    expect(again.user.id).toBe(first.user.id);

    const codes = await deviceLogin(api.emulator, { user: "hank" });
    const upgraded = await login({ code: codes.code, anonymousCode: codes.anonymousCode });
    expect(upgraded.user).toMatchObject({ id: first.user.id, isGuest: false });
    expect(upgraded.user.openid).toBe((await emulatorSession(api.emulator, "hank")).openid);
    expect(json(await send("GET", "/api/me/addresses", upgraded)).addresses).toHaveLength(1);

    // After the upgrade the device's anonymous identity starts a new guest, not the user.
    const later = await anonymousLogin("hank");
    expect(later.user.isGuest).toBe(true);
    expect(later.user.id).not.toBe(first.user.id);
    expect(json(await send("GET", "/api/me/addresses", later))).toEqual({ addresses: [] });

    // Logging in with a code again finds the user; the new guest stays a guest.
    const back = await deviceLogin(api.emulator, { user: "hank" });
    const user = await login({ code: back.code, anonymousCode: back.anonymousCode });
    expect(user.user.id).toBe(first.user.id);
    expect((await anonymousLogin("hank")).user.id).toBe(later.user.id);
  });

  it("have no session key: the profile answers them 401 SESSION_EXPIRED, changing nothing", async () => {
    const guest = await anonymousLogin("jack");
    const profile = await context.device.profile("jack");
    const problem = await context.refused(
      () => send("PUT", "/api/me/profile", guest, profile),
      401,
      "SESSION_EXPIRED",
    );
    expect(problem.code).toBe("SESSION_EXPIRED");
  });

  it("release an anonymous openid that an older version stored on a full user", async () => {
    const user = await fullLoginWithData("iris");
    const douyin = await emulatorSession(api.emulator, "iris");
    // Before this fix, full users kept the anonymous openid of their device.
    await context.app.db.user.update({
      where: { id: user.user.id },
      data: { anonymousOpenid: douyin.anonymousOpenid },
    });

    const guest = await anonymousLogin("iris");
    expect(guest.user.isGuest).toBe(true);
    expect(guest.user.id).not.toBe(user.user.id);
    expect(json(await send("GET", "/api/me/addresses", guest))).toEqual({ addresses: [] });
    const row = await context.app.db.user.findUniqueOrThrow({ where: { id: user.user.id } });
    expect(row.anonymousOpenid).toBeNull();
  });
});
