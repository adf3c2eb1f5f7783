import type { DouyinErrorCategory, DouyinErrorKind } from "./errors.ts";

const RETRYABLE_CODES = new Set<number>([
  -1, // system busy
  2000, // internal error (subscription messages)
  28001005, // token service internal error
]);

const TOKEN_INVALID_CODES = new Set<number>([
  28001003, // client_token invalid
  28001008, // client_token expired
  40002, // bad access_token on developer.toutiao.com calls (documented for QR code v1)
  401, // content security (text antidirt) `{code: 401}`: bad X-Token (HTTP statuses are "http_401")
  40020, // (?) listed among access_token errors; may rather mean a bad grant_type
  10008, // (?) reported as an invalid/expired access token on open.douyin.com
]);

const USER_ACTION_CODES = new Set<number>([
  40018, // bad, used or expired login code: the mini-program must call tt.login again
  40019, // same for anonymous_code
]);

const CONFIGURATION_CODES = new Set<number>([
  40014, // bad parameters (?)
  40015, // bad appid
  40017, // bad secret
]);
// Undocumented codes count as configuration errors too, unless the HTTP status says otherwise:
// retrying the same request cannot be assumed to succeed.

export interface CategoryInput {
  readonly kind: DouyinErrorKind;
  readonly platformCode?: number | string;
  readonly httpStatus?: number;
}

export function categorize({ kind, platformCode, httpStatus }: CategoryInput): DouyinErrorCategory {
  if (kind === "timeout" || kind === "network") return "retryable";
  if (typeof platformCode === "number") {
    if (RETRYABLE_CODES.has(platformCode)) return "retryable";
    if (TOKEN_INVALID_CODES.has(platformCode)) return "token-invalid";
    if (USER_ACTION_CODES.has(platformCode)) return "user-action";
    if (CONFIGURATION_CODES.has(platformCode)) return "configuration";
  }
  if (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429)) return "retryable";
  return "configuration";
}
