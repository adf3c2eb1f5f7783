import { type Problem, ProblemCode } from "@tt/contract";

const titles: Record<ProblemCode, string> = {
  VALIDATION_FAILED: "The request is not valid",
  LOGIN_CODE_INVALID: "The login code is invalid, used or expired",
  ANONYMOUS_CODE_INVALID: "The anonymous code is invalid, used or expired",
  UNAUTHORIZED: "Authentication required",
  ACCESS_TOKEN_EXPIRED: "The access token expired",
  REFRESH_TOKEN_INVALID: "The refresh token is invalid or expired",
  REFRESH_TOKEN_REUSED: "The refresh token was already used; the session was ended",
  PLATFORM_UNAVAILABLE: "The Douyin platform is unavailable",
  PLATFORM_MISCONFIGURED: "The Douyin platform rejected this app's configuration",
  SESSION_EXPIRED: "The Douyin session expired; log in again",
  SIGNATURE_INVALID: "The signature does not match the data",
  ENCRYPTED_DATA_INVALID: "The encrypted data is malformed",
  WATERMARK_INVALID: "The data was issued for another app or is too old",
  PHONE_NUMBER_DISABLED: "Phone numbers are not collected here",
  PHONE_CODE_INVALID: "The phone number code is invalid, used or expired",
  TEMPLATE_UNKNOWN: "Unknown subscription template",
  IDEMPOTENCY_KEY_REUSED: "The idempotency key was used for another message",
  WEBHOOK_SIGNATURE_INVALID: "The webhook signature is invalid",
  CLOUD_IDENTITY_REFUSED: "Douyin Cloud caller headers are not accepted here",
  CLOUD_IDENTITY_INVALID: "The Douyin Cloud caller is missing or does not match",
  FORBIDDEN: "Forbidden",
  NOT_FOUND: "Not found",
  METHOD_NOT_ALLOWED: "Method not allowed",
  PAYLOAD_TOO_LARGE: "The request body is too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported media type",
  RATE_LIMITED: "Too many requests",
  INTERNAL: "Internal server error",
};

/** The HTTP status of each code: the one place a domain error becomes HTTP. */
export const problemStatus: Record<ProblemCode, number> = {
  VALIDATION_FAILED: 400,
  LOGIN_CODE_INVALID: 401,
  ANONYMOUS_CODE_INVALID: 401,
  UNAUTHORIZED: 401,
  ACCESS_TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  PLATFORM_UNAVAILABLE: 503,
  PLATFORM_MISCONFIGURED: 502,
  SESSION_EXPIRED: 401,
  SIGNATURE_INVALID: 400,
  ENCRYPTED_DATA_INVALID: 400,
  WATERMARK_INVALID: 400,
  PHONE_NUMBER_DISABLED: 403,
  PHONE_CODE_INVALID: 400,
  TEMPLATE_UNKNOWN: 400,
  IDEMPOTENCY_KEY_REUSED: 409,
  WEBHOOK_SIGNATURE_INVALID: 401,
  CLOUD_IDENTITY_REFUSED: 400,
  CLOUD_IDENTITY_INVALID: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

/** An application/problem+json answer with a stable `code` (built in plugins/app/problems.ts). */
export class HttpProblem extends Error {
  override name = "HttpProblem";

  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly errors?: Problem["errors"],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? titles[code]);
  }

  toProblem(instance?: string): Problem {
    return {
      type: `urn:tt-fullstack:problem:${this.code.toLowerCase().replaceAll("_", "-")}`,
      title: titles[this.code],
      status: this.status,
      code: this.code,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(instance === undefined ? {} : { instance }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export { ProblemCode };
