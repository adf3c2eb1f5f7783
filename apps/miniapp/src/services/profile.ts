import type { Profile, ProfileUpdateRequest } from "@tt/contract";
import type { DevicePlatform } from "../platform/index.ts";
import type { ApiClient } from "./api-client.ts";
import type { Auth } from "./auth.ts";
import { renewIfSessionExpired } from "./douyin-session.ts";
import { isAuthDenied } from "./tt-promise.ts";

export type ProfileOutcome =
  | { kind: "saved"; profile: Profile }
  /** The user said no in Douyin's dialog. */
  | { kind: "denied" }
  /** The session key was stale; we logged in again: ask the user to tap once more. */
  | { kind: "tapAgain" };

export interface ProfileService {
  /**
   * tt.getUserProfile → PUT /api/me/profile. Call it first thing in a tap handler, before any
   * `await`: it calls tt.getUserProfile at once, and that only works inside the tap.
   */
  useDouyinProfile(): Promise<ProfileOutcome>;
}

export function createProfileService(
  api: ApiClient,
  auth: Auth,
  platform: DevicePlatform,
): ProfileService {
  async function save(
    asked: ReturnType<DevicePlatform["getUserProfile"]>,
  ): Promise<ProfileOutcome> {
    let result: Awaited<typeof asked>;
    try {
      result = await asked;
    } catch (error) {
      if (isAuthDenied(error)) return { kind: "denied" };
      throw error;
    }
    const body: ProfileUpdateRequest = {
      rawData: result.rawData,
      signature: result.signature,
      encryptedData: result.encryptedData,
      iv: result.iv,
    };
    try {
      return {
        kind: "saved",
        profile: await auth.authorized((token) => api.updateProfile(token, body)),
      };
    } catch (error) {
      if (await renewIfSessionExpired(auth, error)) return { kind: "tapAgain" };
      throw error;
    }
  }

  return {
    useDouyinProfile() {
      return save(platform.getUserProfile());
    },
  };
}
