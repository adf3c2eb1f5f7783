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

export interface DouyinErrorDetails {
  /** The platform's err_no / errcode / error_code / code, or for failures without one:
   * "timeout", "network", "bad_response" or "http_<status>". */
  readonly platformCode: number | string;
  /** The platform's tips or message (sensitive values redacted), or our own description. */
  readonly message: string;
  readonly path: string;
  readonly category: DouyinErrorCategory;
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
  readonly kind: DouyinErrorKind;
  readonly logId?: string;
  readonly httpStatus?: number;

  constructor(details: DouyinErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.platformCode = details.platformCode;
    this.path = details.path;
    this.category = details.category;
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
