/**
 * Error numbers the emulator answers, per call family, as documented. Entries marked unsure are
 * the emulator's picks where the sources disagree or say nothing.
 */

/** developer.toutiao.com login (`/api/apps/v2/jscode2session`). */
export const LOGIN_ERRORS = {
  systemBusy: -1,
  /** Unsure: used here for "neither code nor anonymous_code" and malformed parameters. */
  badParams: 40014,
  badAppid: 40015,
  badSecret: 40017,
  badCode: 40018,
  badAnonymousCode: 40019,
} as const;

/** developer.toutiao.com `/api/apps/v2/token`. */
export const ACCESS_TOKEN_ERRORS = {
  systemBusy: -1,
  badAppid: 40015,
  badSecret: 40017,
  badGrantType: 40020,
} as const;

/** open.douyin.com `/oauth/client_token/` (inside `data.error_code`). */
export const CLIENT_TOKEN_ERRORS = {
  /** Missing parameters, or grant_type other than client_credential. */
  badParams: 10002,
  badClientKey: 10003,
  /** Unsure (?): documented as "client_key or client_secret wrong". */
  badSecret: 10013,
  /** Unsure (?): more than 500 calls in 5 minutes. */
  tooFrequent: 10020,
} as const;

/** Credential checks on protected calls. */
export const CREDENTIAL_ERRORS = {
  /** open.douyin.com: missing, unknown, revoked or superseded client_token. */
  openInvalid: 28001003,
  /** open.douyin.com: a client_token past its expiry. */
  openExpired: 28001008,
  /**
   * Unsure: developer.toutiao.com calls answer 40002 "bad access_token" (documented for QR code
   * v1) whatever is wrong with the access_token, expired included.
   */
  legacyBadToken: 40002,
  /** Content security v1: `code` 401 (and 400 for bad parameters), as documented. */
  censorBadToken: 401,
  censorBadParams: 400,
} as const;

/** open.douyin.com calls without a documented parameter error of their own. */
export const OPEN_ERRORS = {
  /** The platform's general "参数不合法". */
  badParams: 28001007,
} as const;

export const PHONE_ERRORS = {
  /**
   * Unsure: no official page names the code for a bad, used or expired phone code; the general
   * one. Third-party SDKs name 28005187 for an expired code (not emulated: inject it as a fault).
   */
  badCode: 28001007,
} as const;

/** Subscription messages (query, notify v2 and v1). */
export const SUBSCRIPTION_ERRORS = {
  /** query_user_subscribe's documented parameter error. */
  queryBadParams: 28014001,
  /** Bad body, unknown template, data keys not the template's keywords. */
  format: 1000,
  violation: 1008,
  tooFrequent: 1010,
  notSubscribed: 28014043,
} as const;

export const QRCODE_ERRORS = {
  badAppname: 40016,
  badWidth: 40021,
  /** Unsure: v1 documents "other parameter errors" without a number. */
  badParams: 40014,
  /** Unsure: v2's parameter error (the docs' table starts with 28005001). */
  v2BadParams: 28005001,
} as const;

// Wording close to the platform's docs; clients must rely on the number, not the text.
const TIPS = new Map<number, string>([
  [LOGIN_ERRORS.systemBusy, "系统错误"],
  [LOGIN_ERRORS.badParams, "参数错误"],
  [LOGIN_ERRORS.badAppid, "appid 错误"],
  [LOGIN_ERRORS.badSecret, "secret 错误"],
  [LOGIN_ERRORS.badCode, "code 错误"],
  [LOGIN_ERRORS.badAnonymousCode, "anonymous_code 错误"],
  [ACCESS_TOKEN_ERRORS.badGrantType, "grant_type 不是 client_credential"],
  [CLIENT_TOKEN_ERRORS.badParams, "参数错误"],
  [CLIENT_TOKEN_ERRORS.badClientKey, "client_key 不存在"],
  [CLIENT_TOKEN_ERRORS.badSecret, "client_key 或者 client_secret 报错"],
  [CLIENT_TOKEN_ERRORS.tooFrequent, "调用过于频繁"],
  [CREDENTIAL_ERRORS.openInvalid, "access_token无效"],
  [CREDENTIAL_ERRORS.openExpired, "access_token过期,请刷新或重新授权"],
  [CREDENTIAL_ERRORS.legacyBadToken, "bad access_token"],
  [CREDENTIAL_ERRORS.censorBadToken, "[app token sign fail] bad token"],
  [CREDENTIAL_ERRORS.censorBadParams, "参数有误"],
  [OPEN_ERRORS.badParams, "参数不合法"],
  [SUBSCRIPTION_ERRORS.queryBadParams, "参数错误"],
  [SUBSCRIPTION_ERRORS.format, "格式错误"],
  [SUBSCRIPTION_ERRORS.violation, "内容违规"],
  [SUBSCRIPTION_ERRORS.tooFrequent, "发送频率过高"],
  [SUBSCRIPTION_ERRORS.notSubscribed, "用户未订阅"],
  [QRCODE_ERRORS.badAppname, "appname 错误"],
  [QRCODE_ERRORS.badWidth, "width 超过指定范围"],
  [QRCODE_ERRORS.v2BadParams, "参数错误"],
]);

export function tipsFor(errNo: number): string {
  return TIPS.get(errNo) ?? "emulated error";
}
