import type { UserAnswers } from "./answers.ts";
import { AUTH_DENY, AUTH_DENY_ERRNO, type Authorization } from "./authorization.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import { type DevicePlatform, foreignProfile } from "./foreign-platform.ts";
import type { UserGesture } from "./gesture.ts";
import type { Persona } from "./login.ts";
import type { UiEvent } from "./ui.ts";

export interface UserInfo {
  avatarUrl: string;
  nickName: string;
  gender: number;
  city: string;
  province: string;
  country: string;
  language: string;
}

export interface UserProfileResult {
  userInfo: UserInfo;
  rawData: string;
  signature: string;
  encryptedData: string;
  iv: string;
}

/** The message Douyin gives when getUserProfile is not called from a tap (seen in the wild). */
export const NOT_IN_TAP = "must be invoked by user tap gesture";

export interface UserInfoContext {
  emulatorUrl: string;
  persona: Persona;
  answers: UserAnswers;
  authorization: Authorization;
  gesture: UserGesture;
  ui: UiEvent[];
  /** "douyin": the profile comes signed with a session key only Douyin knows. */
  platform(): DevicePlatform;
  report: ErrorReporter;
}

/** tt.getUserProfile (tap only, a consent dialog each time) and the retiring tt.getUserInfo. */
export function userInfoApis(context: UserInfoContext) {
  const { emulatorUrl, persona, answers, authorization, gesture, ui, report } = context;
  const consent = (api: string) => {
    const allowed = answers.userProfile;
    ui.push({ type: "consent", api, allowed });
    if (!allowed) throw new TtFailure(AUTH_DENY, AUTH_DENY_ERRNO);
  };
  const fetchProfile = async (api: "getUserProfile" | "getUserInfo") => {
    if (context.platform() === "douyin") return foreignProfile();
    const body = await callDevice(emulatorUrl, persona, {
      method: "POST",
      path: "/device/user-profile",
      body: { api },
    });
    const { errMsg: _ignored, ...result } = body;
    return result as unknown as UserProfileResult;
  };

  return {
    getUserProfile(options?: { force?: boolean } & CallbackOptions<UserProfileResult>) {
      // Read now: by the time the work below runs, the tap's synchronous part is over.
      const inTap = gesture.active;
      settleAsync(
        "getUserProfile",
        options,
        async () => {
          if (!inTap) throw new TtFailure(NOT_IN_TAP);
          if (persona.loggedIn === false) {
            // Unsure: the wording when the user is not logged in to Douyin. With force, Douyin
            // shows its login box; the simulated user logs in there.
            if (!options?.force) throw new TtFailure("not login");
            persona.loggedIn = true;
          }
          consent("getUserProfile");
          return fetchProfile("getUserProfile");
        },
        report,
      );
    },
    /**
     * Being retired by Douyin; no tap needed. The first call asks for scope.userInfo. Without
     * `withCredentials` (the typings mark the fields optional) only userInfo and rawData come back.
     * Unsure: the default of withCredentials; here it is true.
     */
    getUserInfo(
      options?: { withCredentials?: boolean } & CallbackOptions<Partial<UserProfileResult>>,
    ) {
      settleAsync(
        "getUserInfo",
        options,
        async () => {
          authorization.require("scope.userInfo");
          const result: Partial<UserProfileResult> = await fetchProfile("getUserInfo");
          if (options?.withCredentials === false) {
            delete result.signature;
            delete result.encryptedData;
            delete result.iv;
          }
          return result;
        },
        report,
      );
    },
  };
}
