import type { ProblemCode } from "@tt/contract";
import { isApiProblemError } from "./api-client.ts";
import { isPrivacyRefusal, isTtApiError } from "./tt-promise.ts";

/** What the page shows for a failure: a stable code and a sentence for people. */
export interface ErrorView {
  code: string;
  message: string;
  /** For the developer, shown in emulator mode and in Douyin devtools only; "" when none. */
  hint: string;
}

const messages: Partial<Record<ProblemCode, string>> = {
  PLATFORM_UNAVAILABLE: "Douyin is not answering right now. Please try again.",
  PLATFORM_MISCONFIGURED: "The app is not set up correctly. Please try again later.",
  LOGIN_CODE_INVALID: "The Douyin login expired. Please try again.",
  ANONYMOUS_CODE_INVALID: "The Douyin login expired. Please try again.",
  RATE_LIMITED: "Too many attempts. Wait a moment, then try again.",
  CLOUD_IDENTITY_INVALID: "Douyin could not confirm who you are. Please try again.",
  SESSION_EXPIRED: "Your Douyin session was renewed. Please tap again.",
  PHONE_CODE_INVALID: "The phone number confirmation expired. Please tap again.",
  PHONE_NUMBER_DISABLED: "This app does not collect phone numbers.",
  SIGNATURE_INVALID: "Douyin's answer could not be verified. Please try again.",
  ENCRYPTED_DATA_INVALID: "Douyin's answer could not be read. Please try again.",
  WATERMARK_INVALID: "Douyin's answer was meant for another app.",
  VALIDATION_FAILED: "Douyin sent data we cannot store.",
  INTERNAL: "Something went wrong on our side. Please try again.",
};

export function describeError(error: unknown): ErrorView {
  if (isApiProblemError(error)) {
    return withHint({
      code: error.code,
      message: messageFor(error.code) ?? error.detail ?? "The request failed.",
    });
  }
  if (isTtApiError(error) && error.api === "request") {
    // A timeout (tt.request's `timeout`), no network, or a server that is down.
    return withHint({
      code: "NETWORK_ERROR",
      message: /timeout/i.test(error.errMsg)
        ? "The server took too long to answer. Check your connection and try again."
        : "The server cannot be reached. Check your connection and try again.",
    });
  }
  if (isPrivacyRefusal(error)) {
    return withHint({
      code: "PRIVACY_NOT_AGREED",
      message: "This needs your agreement to the app's privacy guidelines. Tap again to read them.",
    });
  }
  if (isTtApiError(error)) {
    return withHint({ code: `TT_${error.api.toUpperCase()}_FAILED`, message: error.errMsg });
  }
  return withHint({
    code: "UNEXPECTED",
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * What a developer should check, by code. A real-mode build in devtools logs in with Douyin's own
 * codes, which an API talking to the emulator never issued: the commonest first-minute failure.
 */
const hints: Partial<Record<string, string>> = {
  LOGIN_CODE_INVALID:
    "The API refused Douyin's login code twice. An API that talks to the emulator refuses codes " +
    "from Douyin devtools or a phone: build without MINIAPP_APPID (emulator mode), or run the API " +
    "with this app's DOUYIN_APP_ID and DOUYIN_APP_SECRET.",
  NETWORK_ERROR:
    "The API did not answer. Is it running at the address the build was given " +
    "(MINIAPP_API_BASE_URL)? A phone needs the computer's LAN address and, outside devtools' " +
    "debug mode, https on a domain of the console's request list.",
  PLATFORM_MISCONFIGURED:
    "Douyin refused the API's credentials or request: check DOUYIN_APP_ID, DOUYIN_APP_SECRET and " +
    "the API's log.",
};

let showHints: boolean | undefined;

/** Emulator mode, or any build running in Douyin devtools. */
function isDevelopment(): boolean {
  if (showHints === undefined) {
    let platform = "";
    try {
      platform = tt.getSystemInfoSync().platform;
    } catch {
      platform = "";
    }
    showHints = Boolean(__EMULATOR__) || platform === "devtools";
  }
  return showHints;
}

function withHint(view: Omit<ErrorView, "hint">): ErrorView {
  const hint = hints[view.code === "ANONYMOUS_CODE_INVALID" ? "LOGIN_CODE_INVALID" : view.code];
  return { ...view, hint: hint !== undefined && isDevelopment() ? hint : "" };
}

function messageFor(code: string): string | undefined {
  return (messages as Partial<Record<string, string>>)[code];
}
