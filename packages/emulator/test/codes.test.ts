import { describe, expect, it } from "vitest";
import { EmulatorClock } from "../src/state/clock.ts";
import { SingleUseCodeStore } from "../src/state/codes.ts";
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
