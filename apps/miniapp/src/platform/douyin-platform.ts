import { getUserProfile, login, requestSubscribeMessage } from "../services/tt-promise.ts";
import type { DevicePlatform } from "./device-platform.ts";

/** Real mode: Douyin's own answers, from the real `tt`. */
export function createDouyinPlatform(): DevicePlatform {
  return {
    mode: "douyin",
    async login(force) {
      const { code, anonymousCode, isLogin } = await login({ force });
      return {
        ...(code ? { code } : {}),
        ...(anonymousCode ? { anonymousCode } : {}),
        isLogin: Boolean(isLogin),
      };
    },
    // force: a person not logged in to Douyin gets its login panel instead of a failure.
    getUserProfile: () => getUserProfile({ force: true }),
    requestSubscribeMessage,
  };
}
