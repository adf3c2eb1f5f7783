import { describe, expect, it } from "vitest";
import { buildEmulator, DEFAULT_APP } from "../src/index.ts";
import { EmulatorClock } from "../src/state/clock.ts";
import { LOGIN_CODE_TTL_MS, PHONE_CODE_TTL_MS, SingleUseCodeStore } from "../src/state/codes.ts";
import { createEmulatorState } from "../src/state/emulator-state.ts";
import type { PersonaSession } from "../src/state/sessions.ts";

const session = (appid: string) => ({ appid, persona: "alice" }) as unknown as PersonaSession;

function store(lifetimeMs = 1000) {
  let now = 0;
  const clock = new EmulatorClock(() => now);
  let next = 0;
  const codes = new SingleUseCodeStore(clock, lifetimeMs, () => `code-${++next}`);
  return { codes, advance: (ms: number) => (now += ms) };
}

describe("SingleUseCodeStore", () => {
  it("issues codes from its generator, redeemable once, for their app only", () => {
    const { codes } = store();
    const code = codes.issue(session("tt_a"));
    expect(code).toBe("code-1");
    expect(codes.redeem("tt_b", code)).toBeUndefined();
    expect(codes.find("tt_a", code)?.session.appid).toBe("tt_a");
    expect(codes.redeem("tt_a", code)?.appid).toBe("tt_a");
    expect(codes.redeem("tt_a", code)).toBeUndefined();
  });

  it("expires codes after its lifetime", () => {
    const { codes, advance } = store(1000);
    const code = codes.issue(session("tt_a"));
    advance(999);
    expect(codes.find("tt_a", code)).toBeDefined();
    advance(1);
    expect(codes.find("tt_a", code)).toBeUndefined();
    expect(codes.redeem("tt_a", code)).toBeUndefined();
  });

  it("drops expired codes on issue and keeps unexpired ones", () => {
    const { codes, advance } = store(1000);
    const old = codes.issue(session("tt_a"));
    advance(600);
    const young = codes.issue(session("tt_a"));
    advance(500);
    expect(codes.size).toBe(2);
    codes.issue(session("tt_a"));
    expect(codes.size).toBe(2);
    expect(codes.find("tt_a", old)).toBeUndefined();
    expect(codes.find("tt_a", young)).toBeDefined();
  });
});

describe("SingleUseCodeStore's sweep and clear", () => {
  it("drops a code on the next issue at exactly its expiry", () => {
    const { codes, advance } = store(1000);
    const old = codes.issue(session("tt_a"));
    advance(1000);
    const fresh = codes.issue(session("tt_a"));
    expect(codes.size).toBe(1);
    expect(codes.find("tt_a", old)).toBeUndefined();
    expect(codes.find("tt_a", fresh)).toBeDefined();
  });

  it("forgets every code on clear", () => {
    const { codes } = store();
    const first = codes.issue(session("tt_a"));
    codes.issue(session("tt_b"));
    codes.clear();
    expect(codes.size).toBe(0);
    expect(codes.find("tt_a", first)).toBeUndefined();
  });
});

describe("the emulator's code stores", () => {
  const alice = (state: ReturnType<typeof createEmulatorState>) =>
    state.sessions.rotate("tt_emulator_app", "alice");

  it("keep login and anonymous codes 3 minutes, phone codes 5", () => {
    const state = createEmulatorState({ seed: "code-lifetimes" });
    const session = alice(state);
    const issue = () => ({
      login: state.loginCodes.issue(session),
      anonymous: state.anonymousCodes.issue(session),
      phone: state.phoneCodes.issue(session),
    });
    const valid = (codes: ReturnType<typeof issue>) => ({
      login: state.loginCodes.find(session.appid, codes.login) !== undefined,
      anonymous: state.anonymousCodes.find(session.appid, codes.anonymous) !== undefined,
      phone: state.phoneCodes.find(session.appid, codes.phone) !== undefined,
    });
    const codes = issue();
    // A second of slack each side: the emulator's clock also follows real time.
    state.clock.advance(LOGIN_CODE_TTL_MS - 1000);
    expect(valid(codes)).toEqual({ login: true, anonymous: true, phone: true });
    state.clock.advance(1000);
    expect(valid(codes)).toEqual({ login: false, anonymous: false, phone: true });
    state.clock.advance(PHONE_CODE_TTL_MS - LOGIN_CODE_TTL_MS - 2000);
    expect(valid(codes).phone).toBe(true);
    state.clock.advance(2000);
    expect(valid(codes).phone).toBe(false);
    expect([LOGIN_CODE_TTL_MS, PHONE_CODE_TTL_MS]).toEqual([180_000, 300_000]);
  });

  it("forget every code and session on reset", () => {
    const state = createEmulatorState({ seed: "code-reset" });
    const session = alice(state);
    const login = state.loginCodes.issue(session);
    const anonymous = state.anonymousCodes.issue(session);
    const phone = state.phoneCodes.issue(session);
    state.reset();
    expect(state.sessions.get("tt_emulator_app", "alice")).toBeUndefined();
    expect(state.loginCodes.find(session.appid, login)).toBeUndefined();
    expect(state.anonymousCodes.find(session.appid, anonymous)).toBeUndefined();
    expect(state.phoneCodes.find(session.appid, phone)).toBeUndefined();
  });
});

describe("SessionStore", () => {
  it("holds one current session per app and persona, a new key on every rotation", () => {
    const state = createEmulatorState({ seed: "sessions" });
    const first = state.sessions.rotate("tt_emulator_app", "alice");
    const second = state.sessions.rotate("tt_emulator_app", "alice");
    const other = state.sessions.rotate("tt_emulator_app_2", "alice");
    expect(second.sessionKey).not.toBe(first.sessionKey);
    expect(second.openid).toBe(first.openid);
    expect(state.sessions.get("tt_emulator_app", "alice")).toBe(second);
    expect(state.sessions.get("tt_emulator_app_2", "alice")).toBe(other);
    expect(other.unionid).toBe(first.unionid);
    expect(other.openid).not.toBe(first.openid);
    expect(state.sessions.get("tt_emulator_app", "bob")).toBeUndefined();
    state.sessions.clear();
    expect(state.sessions.get("tt_emulator_app", "alice")).toBeUndefined();
  });
});

describe("jscode2session on the emulator's stores", () => {
  it("redeems a device login's two codes once, at the documented path", async () => {
    const app = buildEmulator({ seed: "codes-route" });
    try {
      const login = (
        await app.inject({ method: "POST", url: "/device/login", payload: { user: "alice" } })
      ).json() as { code: string; anonymousCode: string };
      const exchange = async () =>
        (
          await app.inject({
            method: "POST",
            url: "/api/apps/v2/jscode2session",
            payload: { ...DEFAULT_APP, code: login.code, anonymous_code: login.anonymousCode },
          })
        ).json();
      expect(await exchange()).toMatchObject({
        err_no: 0,
        data: { openid: expect.stringMatching(/^_000/), session_key: expect.any(String) },
      });
      expect(await exchange()).toMatchObject({ err_no: 40018, data: null });
    } finally {
      await app.close();
    }
  });
});
