/** Error numbers of the login family (developer.toutiao.com), as documented. */
export const LOGIN_ERRORS = {
  systemBusy: -1,
  /** Unsure: used here for "neither code nor anonymous_code" and malformed parameters. */
  badParams: 40014,
  badAppid: 40015,
  badSecret: 40017,
  badCode: 40018,
  badAnonymousCode: 40019,
} as const;

// Wording close to the platform's docs; clients must rely on the number, not the text.
const TIPS = new Map<number, string>([
  [LOGIN_ERRORS.systemBusy, "系统错误"],
  [LOGIN_ERRORS.badParams, "参数错误"],
  [LOGIN_ERRORS.badAppid, "appid 错误"],
  [LOGIN_ERRORS.badSecret, "secret 错误"],
  [LOGIN_ERRORS.badCode, "code 错误"],
  [LOGIN_ERRORS.badAnonymousCode, "anonymous_code 错误"],
]);

export function tipsFor(errNo: number): string {
  return TIPS.get(errNo) ?? "emulated error";
}
