// jscode2session answers no session_key for an anonymous code alone (it comes only with a code):
// a guest login must work without one, and must never remove or replace a key already stored.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.ts";
import { deviceLogin, emulatorSession, useApi } from "./helper.ts";

const api = useApi();
let app: App;

beforeAll(async () => {
  ({ app } = await api.build());
});

function login(body: { code?: string; anonymousCode?: string }) {
  return app.inject({ method: "POST", url: "/api/auth/login", payload: body });
}

/** Every stored session key, decrypted, by user id. */
async function storedSessionKeys(): Promise<Record<string, string | null>> {
  const rows = await app.db.douyinSession.findMany({ select: { userId: true } });
  const keys: Record<string, string | null> = {};
  for (const { userId } of rows) keys[userId] = await app.users.sessionKeyOf(userId);
  return keys;
}

describe("POST /api/auth/login with an anonymous code alone", () => {
  it("logs a guest in without a session key", async () => {
    const anonymous = await deviceLogin(api.emulator, { user: "ana", loggedIn: false });
    const response = await login({ anonymousCode: anonymous.anonymousCode });
    expect(response.statusCode).toBe(200);
    const guest = response.json().user;
    expect(guest).toMatchObject({ isGuest: true, openid: null });
    expect(await app.users.sessionKeyOf(guest.id)).toBeNull();
    expect(await app.db.douyinSession.count({ where: { userId: guest.id } })).toBe(0);
  });

  it("keeps the session key a code login stored", async () => {
    const real = await deviceLogin(api.emulator, { user: "ben" });
    const user = (await login({ code: real.code, anonymousCode: real.anonymousCode })).json().user;
    const { sessionKey } = await emulatorSession(api.emulator, "ben");
    const before = await storedSessionKeys();
    expect(before[user.id]).toBe(sessionKey);

    // The same phone, logged out of Douyin: tt.login gives an anonymous code only.
    const anonymous = await deviceLogin(api.emulator, { user: "ben", loggedIn: false });
    expect((await login({ anonymousCode: anonymous.anonymousCode })).statusCode).toBe(200);
    expect(await storedSessionKeys()).toEqual(before);
  });
});
