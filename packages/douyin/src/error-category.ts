import type { DouyinErrorCategory, DouyinErrorKind, DouyinErrorReason } from "./errors.ts";

/** What a platform code means: what to do (category) and why (reason). */
export interface CodeMeaning {
  readonly category: DouyinErrorCategory;
  readonly reason: DouyinErrorReason;
}

/** A call's own readings of codes that mean something else on its path; they win. */
export type CodeMeanings = ReadonlyMap<number, CodeMeaning>;

const meaning = (category: DouyinErrorCategory, reason: DouyinErrorReason): CodeMeaning => ({
  category,
  reason,
});

const BUSY = meaning("retryable", "platform-busy");
const TOO_FREQUENT = meaning("retryable", "too-frequent");
const TOKEN = meaning("token-invalid", "token-invalid");
const CREDENTIALS = meaning("configuration", "credentials-invalid");
const INVALID = meaning("configuration", "invalid-request");
const NOT_PERMITTED = meaning("configuration", "not-permitted");
const QUOTA = meaning("configuration", "quota-exceeded");

/**
 * Codes that mean the same on every path. Sources: the calls' own pages, and the open platform's
 * common status codes (状态码排查工具, developer.open-douyin.com/docs/resource/zh-CN/dop/develop/
 * openapi/status-code). `(?)`: not confirmed (see the README's unsure list).
 */
const GENERAL = new Map<number, CodeMeaning>([
  [-1, BUSY], // system busy
  [2000, BUSY], // internal error (subscription messages)
  [28001005, BUSY], // "系统繁忙,此时请开发者稍候再试"
  [28001006, BUSY], // "网络调用错误,请重试": the platform's own network, retry
  [28005002, BUSY], // (?) QR code v2 "system error"
  [1010, TOO_FREQUENT], // one subscription message per second per user
  [28003018, TOO_FREQUENT], // "请求频率过高"
  [28006003, TOO_FREQUENT], // notify: rate limited (1000 QPS)
  [28005004, TOO_FREQUENT], // (?) QR code v2 "Qrcode over limit"
  [10020, TOO_FREQUENT], // (?) client_token: more than 500 calls in 5 minutes
  [28001003, TOKEN], // client_token invalid
  [28001008, TOKEN], // client_token expired
  [40002, TOKEN], // bad access_token on developer.toutiao.com calls (documented for QR code v1)
  [401, TOKEN], // content security (text antidirt) `{code: 401}`: bad X-Token
  [40020, TOKEN], // (?) listed among access_token errors; may rather mean a bad grant_type
  [10008, TOKEN], // (?) reported as an invalid/expired access token on open.douyin.com
  [40015, CREDENTIALS], // bad appid
  [40017, CREDENTIALS], // bad secret
  [10003, CREDENTIALS], // client_key unknown
  [10013, CREDENTIALS], // (?) client_key or client_secret wrong
  [28014043, meaning("user-action", "not-subscribed")],
  [28014036, meaning("user-action", "user-refused")], // (?)
  [28014041, QUOTA], // (?) the template's quota
  [28003017, QUOTA], // "quota 已用完"
  [1008, meaning("configuration", "content-violation")],
  [1009, NOT_PERMITTED], // sending subscription messages banned
  [28001014, NOT_PERMITTED], // the app has no capability granted
  [28001016, NOT_PERMITTED], // the app is banned or offline
  [28001018, NOT_PERMITTED], // the app lacks this capability
  [28001019, NOT_PERMITTED], // the capability is banned or offline
  [28001056, NOT_PERMITTED], // the API is offline
  [1000, INVALID], // subscription message format
  [1001, INVALID], // subscription message content (parameters)
  [28001007, INVALID], // "参数不合法"
  [28014001, INVALID], // query_user_subscribe parameters
  [28005001, INVALID], // QR code v2 parameters
  [28005005, INVALID], // (?) QR code v2 "Bad width"
  [28005006, INVALID], // (?) QR code v2 "Bad app name"
  [40014, INVALID], // (?) bad parameters
  [40016, INVALID], // QR code v1 appname
  [40021, INVALID], // QR code v1 width
  [10002, INVALID], // client_token parameters
  [400, INVALID], // content security `{code: 400}`
]);

export interface ClassifyInput {
  readonly kind: DouyinErrorKind;
  readonly platformCode?: number | string;
  readonly httpStatus?: number;
  /** The call's own readings (e.g. 40018 on jscode2session); they win over GENERAL. */
  readonly meanings?: CodeMeanings;
}

/**
 * The one place a failure gets its category and reason. A known code decides; else the HTTP
 * status (5xx busy, 429 too frequent); else "configuration" / "unknown": retrying the same request
 * cannot be assumed to succeed.
 */
export function classify({ kind, platformCode, httpStatus, meanings }: ClassifyInput): CodeMeaning {
  if (kind === "timeout") return meaning("retryable", "timeout");
  if (kind === "network") return meaning("retryable", "network");
  if (typeof platformCode === "number") {
    const known = meanings?.get(platformCode) ?? GENERAL.get(platformCode);
    if (known !== undefined) return known;
  }
  if (httpStatus === 429) return TOO_FREQUENT;
  if (httpStatus !== undefined && httpStatus >= 500) return BUSY;
  return meaning("configuration", kind === "bad-response" ? "bad-response" : "unknown");
}
