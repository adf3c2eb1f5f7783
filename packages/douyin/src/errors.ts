/** What the caller should do about a failed call. */
export type DouyinErrorCategory =
  /** Try again later (busy platform, 5xx, timeout, network) — only if the call is safe to repeat. */
  | "retryable"
  /** The access/client token was refused: fetch a new one, then retry once. */
  | "token-invalid"
  /** The end user must act again, e.g. log in again for a fresh code. */
  | "user-action"
  /** Our side is wrong (appid, secret, parameters, base URL): retrying will not help. */
  | "configuration";

/** Where the failure came from. */
export type DouyinErrorKind = "platform" | "timeout" | "network" | "http" | "bad-response";

/**
 * What a failure means, decided by the SDK (per call where one platform code means different
 * things on different paths). Callers switch on this, never on platform codes. Each reason lists
 * the codes the SDK reads as it; `(?)` = not confirmed by Douyin's documentation (README, "Unsure").
 */
export const DOUYIN_ERROR_REASONS = [
  /** jscode2session 40018: the login code is bad, used or expired → tt.login again. */
  "code-invalid",
  /** jscode2session 40019: the same for anonymous_code. */
  "anonymous-code-invalid",
  /** get_phonenumber_info 28001007 (?): the phone code is bad or used → tap the button again. */
  "phone-code-invalid",
  /** get_phonenumber_info 28005187 (?): the phone code expired (5 min) → tap the button again. */
  "phone-code-expired",
  /** 28014043: the user has no (more) subscription to the template. */
  "not-subscribed",
  /** 28014036 (?): the user refused the template. */
  "user-refused",
  /** 28014041 (?) the template's quota, 28003017 the API's quota: used up. */
  "quota-exceeded",
  /** 1010 one message per second per user, 28003018 / 28006003 / 28005004 (?) / 10020 (?) rate
   * limits, HTTP 429: try again later, backing off. */
  "too-frequent",
  /** 1008: the message content breaks the rules. */
  "content-violation",
  /** 1009 sending banned, 28001014 / 28001016 / 28001018 / 28001019 / 28001056: the app or the
   * capability is banned, offline or not granted. */
  "not-permitted",
  /** Our request is wrong: 1000, 1001, 28001007 (except on get_phonenumber_info), 28014001,
   * 28005001 / 28005005 (?) / 28005006 (?), 40014 (?), 40016, 40021, 10002, content security 400. */
  "invalid-request",
  /** The appid / client_key or the secret is wrong: 40015, 40017, 10003, 10013 (?). */
  "credentials-invalid",
  /** The access/client token was refused: 28001003, 28001008, 40002, 401, 40020 (?), 10008 (?). */
  "token-invalid",
  /** The platform failed or is busy: -1, 2000, 28001005, 28001006, 28005002 (?), HTTP 5xx. */
  "platform-busy",
  /** No answer within the client's timeout. */
  "timeout",
  /** The platform could not be reached. */
  "network",
  /** A 2xx answer the SDK cannot use (not an envelope, or data missing). */
  "bad-response",
  /** A code (or HTTP status) the SDK does not know. */
  "unknown",
] as const;

export type DouyinErrorReason = (typeof DOUYIN_ERROR_REASONS)[number];

export interface DouyinErrorDetails {
  /** The platform's err_no / errcode / error_code / code, or for failures without one:
   * "timeout", "network", "bad_response" or "http_<status>". */
  readonly platformCode: number | string;
  /** The platform's tips or message (sensitive values redacted), or our own description. */
  readonly message: string;
  readonly path: string;
  readonly category: DouyinErrorCategory;
  /** What the failure means (see DOUYIN_ERROR_REASONS). */
  readonly reason: DouyinErrorReason;
  readonly kind: DouyinErrorKind;
  readonly logId?: string;
  readonly httpStatus?: number;
  readonly cause?: unknown;
}

const DOUYIN_ERROR = Symbol.for("@tt/douyin/DouyinError");

/** Every failure of a platform call, whatever envelope the platform answered in. */
export class DouyinError extends Error {
  override readonly name = "DouyinError";
  readonly platformCode: number | string;
  readonly path: string;
  readonly category: DouyinErrorCategory;
  /** What the failure means, decided by the SDK: switch on this, not on platformCode. */
  readonly reason: DouyinErrorReason;
  readonly kind: DouyinErrorKind;
  readonly logId?: string;
  readonly httpStatus?: number;

  constructor(details: DouyinErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.platformCode = details.platformCode;
    this.path = details.path;
    this.category = details.category;
    this.reason = details.reason;
    this.kind = details.kind;
    if (details.logId !== undefined) this.logId = details.logId;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    Object.defineProperty(this, DOUYIN_ERROR, { value: true });
  }
}

/** Also true for a DouyinError from another copy of this package. */
export function isDouyinError(value: unknown): value is DouyinError {
  return (
    value instanceof DouyinError ||
    (typeof value === "object" &&
      value !== null &&
      (value as Record<symbol, unknown>)[DOUYIN_ERROR] === true)
  );
}

/** The client's configuration is invalid: thrown by createDouyinClient. */
export class DouyinConfigError extends Error {
  override readonly name = "DouyinConfigError";
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** A call's arguments are invalid: thrown before any HTTP request. */
export class DouyinInputError extends Error {
  override readonly name = "DouyinInputError";
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

export function isDouyinConfigError(value: unknown): value is DouyinConfigError {
  return value instanceof DouyinConfigError;
}

export function isDouyinInputError(value: unknown): value is DouyinInputError {
  return value instanceof DouyinInputError;
}
