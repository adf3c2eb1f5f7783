import { randomBytes } from "node:crypto";
import type { LoginResult } from "./login.ts";
import type { UserProfileResult } from "./user-info.ts";

/**
 * Who answers the device side: "emulator" (its /device/* endpoints: codes the local emulator
 * issued and will exchange) or "douyin" (real Douyin, as in devtools or on a phone: codes from
 * Douyin's own servers, which the local emulator never issued, so an API that talks to the
 * emulator refuses them).
 */
export type DevicePlatform = "emulator" | "douyin";

const token = (bytes: number) => randomBytes(bytes).toString("base64url");
const base64 = (bytes: number) => randomBytes(bytes).toString("base64");

/** tt.login as real Douyin answers: fresh codes of the usual shape, unknown to the emulator. */
export function foreignLogin(loggedIn: boolean): LoginResult {
  return { code: loggedIn ? token(24) : "", anonymousCode: token(24), isLogin: loggedIn };
}

/** The getPhoneNumber detail real Douyin gives: a code, or data under a key the emulator never had. */
export function foreignPhoneNumber(flow: "encrypted" | "code"): Record<string, string> {
  return flow === "code" ? { code: token(24) } : { encryptedData: base64(96), iv: base64(16) };
}

/**
 * getUserProfile as real Douyin answers: a plausible userInfo, signed and encrypted with a
 * session key that only Douyin knows (so neither can be checked against the emulator).
 */
export function foreignProfile(): UserProfileResult {
  const userInfo = {
    avatarUrl: "https://p3-passport.byteimg.com/img/user-avatar/placeholder~300x300.image",
    nickName: "Douyin user",
    gender: 0,
    city: "",
    province: "",
    country: "",
    language: "zh_CN",
  };
  return {
    userInfo,
    rawData: JSON.stringify(userInfo),
    signature: randomBytes(20).toString("hex"),
    encryptedData: base64(192),
    iv: base64(16),
  };
}
