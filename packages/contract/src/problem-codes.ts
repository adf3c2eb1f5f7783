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
  /** The Douyin session key is stale (tt.login ran again, or it expired): call tt.login, log in, retry. */
  SessionExpired: "SESSION_EXPIRED",
  /** rawData does not match its signature: the data was altered or belongs to another session. */
  SignatureInvalid: "SIGNATURE_INVALID",
  /** encryptedData or iv is not well-formed (base64, lengths). Send what tt returned, unchanged. */
  EncryptedDataInvalid: "ENCRYPTED_DATA_INVALID",
  /** The decrypted data belongs to another app, or is too old. */
  WatermarkInvalid: "WATERMARK_INVALID",
  /** This deployment does not collect phone numbers. Hide the button. */
  PhoneNumberDisabled: "PHONE_NUMBER_DISABLED",
  /** The phone number code is unknown, used or expired: ask the user to tap again. */
  PhoneCodeInvalid: "PHONE_CODE_INVALID",
  /** The subscription template is not one this app configured. */
  TemplateUnknown: "TEMPLATE_UNKNOWN",
  /** The same idempotency key was sent with a different message. */
  IdempotencyKeyReused: "IDEMPOTENCY_KEY_REUSED",
  /** The webhook's signature does not match its body. */
  WebhookSignatureInvalid: "WEBHOOK_SIGNATURE_INVALID",
  /**
   * Douyin Cloud caller headers (X-TT-OPENID…) reached an API that is not in Douyin Cloud mode: it
   * does not trust them. An operator must set DOUYIN_CLOUD, or the client must not send them.
   */
  CloudIdentityRefused: "CLOUD_IDENTITY_REFUSED",
  /**
   * Douyin Cloud mode: the login did not come through the gateway of this app (no or wrong X-TT-*
   * caller headers), or its codes belong to someone else. Call tt.login and log in again.
   */
  CloudIdentityInvalid: "CLOUD_IDENTITY_INVALID",
  /** The credentials are valid but not allowed here (e.g. a wrong admin key). */
  Forbidden: "FORBIDDEN",
  NotFound: "NOT_FOUND",
  MethodNotAllowed: "METHOD_NOT_ALLOWED",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
  RateLimited: "RATE_LIMITED",
  Internal: "INTERNAL",
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

export const ProblemContentType = "application/problem+json";
