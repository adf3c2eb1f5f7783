// No TypeBox import here: the mini-program bundles these values, and should not bundle a schema library.

/** Stable, machine-readable error codes. Clients switch on these, never on `title` or `detail`. */
export const ProblemCode = {
  /** The request body, query or params failed validation. Fix the request. */
  ValidationFailed: "VALIDATION_FAILED",
  /** The login code is unknown, already used or expired. Call tt.login again and retry once. */
  LoginCodeInvalid: "LOGIN_CODE_INVALID",
  /** The anonymous code is unknown, already used or expired. Call tt.login again and retry once. */
  AnonymousCodeInvalid: "ANONYMOUS_CODE_INVALID",
  /** No valid access token. Refresh, or log in again. */
  Unauthorized: "UNAUTHORIZED",
  /** The access token expired. Call /api/auth/refresh. */
  AccessTokenExpired: "ACCESS_TOKEN_EXPIRED",
  /** The refresh token is unknown, expired or revoked. Log in again. */
  RefreshTokenInvalid: "REFRESH_TOKEN_INVALID",
  /** A rotated refresh token was used again: the whole session was revoked. Log in again. */
  RefreshTokenReused: "REFRESH_TOKEN_REUSED",
  /** The Douyin platform is busy, down or timed out. Retry later. */
  PlatformUnavailable: "PLATFORM_UNAVAILABLE",
  /** The Douyin platform rejected our app's credentials or request: an operator must act. */
  PlatformMisconfigured: "PLATFORM_MISCONFIGURED",
  NotFound: "NOT_FOUND",
  MethodNotAllowed: "METHOD_NOT_ALLOWED",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  RateLimited: "RATE_LIMITED",
  Internal: "INTERNAL",
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export const ProblemContentType = "application/problem+json";
