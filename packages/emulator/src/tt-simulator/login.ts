import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
import { callDevice } from "./device-http.ts";
import { TtFailure } from "./errors.ts";

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

/** tt.login: asks the emulator's device endpoint for fresh codes, as the Douyin app would. */
export function loginApi(
  emulatorUrl: string,
  persona: Persona,
  logins: LoginResult[],
  report: ErrorReporter,
) {
  return {
    login(options?: { force?: boolean } & CallbackOptions<LoginResult>) {
      settleAsync(
        "login",
        options,
        async () => {
          const result = await deviceLogin(emulatorUrl, persona);
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
