// Secrets at rest (session keys, phone numbers, platform tokens) are sealed for their own row and
// under SESSION_KEY_ENCRYPTION_KEY: a ciphertext moved to another row does not open, and after the
// key changes what the old key sealed reads as absent (log in again, fetch a new token), never 500.
import { randomBytes } from "node:crypto";
import { loginAs, testDatabaseUrl } from "@tt/test-support";
import { describe, expect, it } from "vitest";
import { createPhoneVault } from "../src/lib/phone-number.ts";
import { expectProblem, useMeApi } from "./me-fixtures.ts";

const me = useMeApi();

const loginWithCode = (persona: string, app = me.app) => loginAs(app, me.api.emulator.url, persona);

function putProfile(accessToken: string, body: unknown, app = me.app) {
  return app.inject({
    method: "PUT",
    url: "/api/me/profile",
    headers: { authorization: `Bearer ${accessToken}` },
    payload: body as object,
  });
}

describe("a session key", () => {
  it("copied onto another user's row does not open there", async () => {
    const ann = await loginWithCode("sealed-ann");
    const ben = await loginWithCode("sealed-ben");
    const annsRow = await me.app.db.douyinSession.findUniqueOrThrow({
      where: { userId: ann.user.id },
    });
    await me.app.db.douyinSession.update({
      where: { userId: ben.user.id },
      data: { sessionKeyCiphertext: annsRow.sessionKeyCiphertext },
    });

    expect(await me.app.users.sessionKeyOf(ann.user.id)).toBe(
      await me.device.sessionKey("sealed-ann"),
    );
    expect(await me.app.users.sessionKeyOf(ben.user.id)).toBeNull();
    // Ben presents Ann's profile, signed with Ann's key: he must not get it stored as his.
    const annsProfile = await me.device.profile("sealed-ann");
    expectProblem(await putProfile(ben.accessToken, annsProfile), 401, "SESSION_EXPIRED");
    expect(await me.app.db.userProfile.count({ where: { userId: ben.user.id } })).toBe(0);
  });

  it("sealed under an older SESSION_KEY_ENCRYPTION_KEY answers SESSION_EXPIRED, not 500", async () => {
    const databaseUrl = testDatabaseUrl(me.api.dir, "rotated-session-key");
    const shared = { DATABASE_URL: databaseUrl, JWT_SECRET: randomBytes(32).toString("hex") };
    const before = await me.api.build(shared);
    const carl = await loginWithCode("sealed-carl", before.app);
    const after = await me.api.build({
      ...shared,
      SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });

    const profile = await me.device.profile("sealed-carl");
    expectProblem(await putProfile(carl.accessToken, profile, after.app), 401, "SESSION_EXPIRED");
    expect(after.logs.text).not.toMatch(/"level":50/);
    // Logging in again stores the key under the new one, and the profile goes through.
    const again = await loginWithCode("sealed-carl", after.app);
    const fresh = await me.device.profile("sealed-carl");
    expect((await putProfile(again.accessToken, fresh, after.app)).statusCode).toBe(200);
  });
});

describe("a phone number", () => {
  it("sealed for one user does not open for another, nor under another key", () => {
    const key = randomBytes(32);
    const vault = createPhoneVault(key);
    const sealed = vault.seal("+8613912345678", "user-a");
    expect(vault.open(sealed, "user-a")).toBe("+8613912345678");
    expect(() => vault.open(sealed, "user-b")).toThrow();
    expect(() => createPhoneVault(randomBytes(32)).open(sealed, "user-a")).toThrow();
  });
});

describe("a platform token", () => {
  it("sealed under an older SESSION_KEY_ENCRYPTION_KEY reads as absent: a new one is fetched", async () => {
    const databaseUrl = testDatabaseUrl(me.api.dir, "rotated-platform-token");
    const stats = async () => {
      const response = await fetch(`${me.api.emulator.url}/emulator/stats`);
      const { calls } = (await response.json()) as { calls: Record<string, number> };
      return calls["/oauth/client_token/"] ?? 0;
    };
    const before = await me.api.build({ DATABASE_URL: databaseUrl });
    const fetchesAtStart = await stats();
    const first = await before.app.douyin.tokens.clientToken();
    expect(await before.app.douyin.tokens.clientToken()).toBe(first);
    expect(await stats()).toBe(fetchesAtStart + 1);
    const stored = await before.app.db.douyinToken.findMany();
    expect(stored.map((row) => row.key)).toEqual([expect.stringMatching(/client_token/)]);
    expect(JSON.stringify(stored)).not.toContain(first);

    const after = await me.api.build({
      DATABASE_URL: databaseUrl,
      SESSION_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    });
    const second = await after.app.douyin.tokens.clientToken();
    expect(second).not.toBe(first);
    expect(await stats()).toBe(fetchesAtStart + 2);
  });
});
