import type { UserAnswers } from "./answers.ts";
import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";
import { type DevicePlatform, foreignLogin } from "./foreign-platform.ts";
import type { UiEvent } from "./ui.ts";

export interface LoginResult {
  code: string;
  anonymousCode: string;
  isLogin: boolean;
}

/** Who holds the phone: the emulator persona and whether they are logged in to Douyin. */
export interface Persona {
  appid: string;
  user?: string;
  loggedIn?: boolean;
}

/**
 * Douyin's documented failure when the user closes its login panel (tt.login's error table:
 * errorCode 113001, errorType U, "login:fail host login fail"). No errNo is documented.
 */
export const HOST_LOGIN_FAIL = "host login fail";
export const HOST_LOGIN_FAIL_CODE = { errorCode: 113_001, errorType: "U" } as const;

export interface LoginContext {
  emulatorUrl: string;
  persona: Persona;
  answers: UserAnswers;
  ui: UiEvent[];
  logins: LoginResult[];
  /** Read at each call: who answers (the emulator, or real Douyin with codes it never issued). */
  platform(): DevicePlatform;
  report: ErrorReporter;
}

/**
 * tt.login. `force` (default true, as documented): a person not logged in to Douyin gets Douyin's
 * login panel, where `answers.douyinLogin` decides: "login" logs the persona in (then a `code`),
 * "cancel" fails with "login:fail host login fail". With force false the panel never shows: only
 * an anonymousCode, isLogin false. Codes come from the emulator's /device/login, or, on the
 * "douyin" platform, are Douyin's own (unknown to the emulator).
 */
export function loginApi(context: LoginContext) {
  const { emulatorUrl, persona, answers, ui, logins, report } = context;
  return {
    login(options?: { force?: boolean } & CallbackOptions<LoginResult>) {
      settleAsync(
        "login",
        options,
        async () => {
          if (persona.loggedIn === false && (options?.force ?? true)) {
            const answer = answers.douyinLogin;
            ui.push({ type: "douyinLogin", answer });
            if (answer === "cancel")
              throw new TtFailure(HOST_LOGIN_FAIL, undefined, HOST_LOGIN_FAIL_CODE);
            persona.loggedIn = true;
          }
          const result =
            context.platform() === "douyin"
              ? foreignLogin(persona.loggedIn ?? true)
              : await deviceLogin(emulatorUrl, persona);
          logins.push(result);
          return result;
        },
        report,
      );
    },
  };
}

async function deviceLogin(emulatorUrl: string, persona: Persona): Promise<LoginResult> {
  const body = await callDevice(emulatorUrl, persona, {
    method: "POST",
    path: "/device/login",
    body: { loggedIn: persona.loggedIn ?? true },
  });
  if (!isLoginResult(body)) throw new TtFailure("emulator answered an unexpected login result");
  return { code: body.code, anonymousCode: body.anonymousCode, isLogin: body.isLogin };
}

function isLoginResult(
  value: Record<string, unknown>,
): value is Record<string, unknown> & LoginResult {
  return (
    typeof value.code === "string" &&
    typeof value.anonymousCode === "string" &&
    typeof value.isLogin === "boolean"
  );
}
