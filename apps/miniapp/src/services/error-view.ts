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
