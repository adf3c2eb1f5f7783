import type { UserAnswers } from "./answers.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { TtFailure } from "./errors.ts";
import type { UiEvent } from "./ui.ts";

/** Scope → granted (true) or refused (false); a scope never asked for is absent. */
export type AuthSetting = Record<string, boolean>;

/**
 * Unsure: Douyin documents errMsg "<api>:fail auth deny" for a refused scope but no errNo that we
 * could confirm; 10200 is the simulator's own pick. Pages should test errMsg, not the number.
 */
export const AUTH_DENY_ERRNO = 10_200;
export const AUTH_DENY = "auth deny";

export interface Authorization {
  readonly setting: AuthSetting;
  /**
   * What a scoped API does before its work: granted → go on; refused earlier → fail at once,
   * without asking again (as on a phone); never asked → the authorization popup decides.
   */
  require(scope: string): void;
}

export function createAuthorization(
  setting: AuthSetting,
  answers: UserAnswers,
  ui: UiEvent[],
): Authorization {
  return {
    setting,
    require(scope) {
      if (setting[scope] === undefined) {
        const allowed = answers.authorize[scope] ?? true;
        ui.push({ type: "authorize", scope, allowed });
        setting[scope] = allowed;
      }
      if (!setting[scope]) throw new TtFailure(AUTH_DENY, AUTH_DENY_ERRNO);
    },
  };
}

/** tt.authorize, tt.getSetting, tt.openSetting. */
export function authorizationApis(
  authorization: Authorization,
  answers: UserAnswers,
  ui: UiEvent[],
  report: ErrorReporter,
) {
  const snapshot = () => ({ authSetting: { ...authorization.setting } });
  return {
    /**
     * Douyin is retiring tt.authorize (scopes are asked for by the API that needs them) but it
     * still answers: `{data: {[scope]: "ok"}}`, or fail "authorize:fail auth deny".
     */
    authorize(options: { scope: string } & CallbackOptions<{ data: Record<string, string> }>) {
      const scope = options?.scope;
      settleAsync(
        "authorize",
        options,
        () => {
          // Unsure: the real wording for a malformed scope.
          if (typeof scope !== "string" || !scope.startsWith("scope.")) {
            throw new TtFailure("invalid scope");
          }
          authorization.require(scope);
          return { data: { [scope]: "ok" } };
        },
        report,
      );
    },
    /** Unsure: withSubscriptions (subscriptionsSetting) is not simulated. */
    getSetting(options?: { withSubscriptions?: boolean } & CallbackOptions<object>) {
      settleAsync("getSetting", options, snapshot, report);
    },
    /** The settings page: applies `answers.openSetting`, answers the scopes as they are now. */
    openSetting(options?: { withSubscriptions?: boolean } & CallbackOptions<object>) {
      settleAsync(
        "openSetting",
        options,
        () => {
          ui.push({ type: "openSetting", changes: { ...answers.openSetting } });
          Object.assign(authorization.setting, answers.openSetting);
          return snapshot();
        },
        report,
      );
    },
  };
}
