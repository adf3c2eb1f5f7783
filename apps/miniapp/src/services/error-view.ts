import type { ProblemCode } from "@tt/contract";
import { isApiProblemError } from "./api-client.ts";
import { isTtApiError } from "./tt-promise.ts";

/** What the page shows for a failure: a stable code and a sentence for people. */
export interface ErrorView {
  code: string;
  message: string;
}

const messages: Partial<Record<ProblemCode, string>> = {
  PLATFORM_UNAVAILABLE: "Douyin is not answering right now. Please try again.",
  PLATFORM_MISCONFIGURED: "The app is not set up correctly. Please try again later.",
  LOGIN_CODE_INVALID: "The Douyin login expired. Please try again.",
  ANONYMOUS_CODE_INVALID: "The Douyin login expired. Please try again.",
  RATE_LIMITED: "Too many attempts. Wait a moment, then try again.",
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
    return {
      code: error.code,
      message: messageFor(error.code) ?? error.detail ?? "The request failed.",
    };
  }
  if (isTtApiError(error)) {
    return {
      code: error.api === "request" ? "NETWORK_ERROR" : `TT_${error.api.toUpperCase()}_FAILED`,
      message: error.errMsg,
    };
  }
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

function messageFor(code: string): string | undefined {
  return (messages as Partial<Record<string, string>>)[code];
}
