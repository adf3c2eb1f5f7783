import type { CallbackOptions, ErrorReporter } from "./callbacks.ts";
import { settleAsync } from "./callbacks.ts";
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
  let response: Response;
  try {
    response = await fetch(new URL("/device/login", emulatorUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(persona),
    });
  } catch (error) {
    throw new TtFailure(`network error: ${(error as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (isDeviceFailure(body)) {
    // The emulator's device envelope, e.g. an injected fault: hand it over as the phone would.
    throw new TtFailure(body.errMsg.replace(/^login:fail\s*/, ""), body.errNo);
  }
  if (!response.ok || !isLoginResult(body)) {
    throw new TtFailure(`emulator answered HTTP ${response.status}`);
  }
  return { code: body.code, anonymousCode: body.anonymousCode, isLogin: body.isLogin };
}

function isLoginResult(value: unknown): value is LoginResult {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.code === "string" &&
    typeof candidate.anonymousCode === "string" &&
    typeof candidate.isLogin === "boolean"
  );
}

function isDeviceFailure(value: unknown): value is { errNo: number; errMsg: string } {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.errNo === "number" && typeof candidate.errMsg === "string";
}
