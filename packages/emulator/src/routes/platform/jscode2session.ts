import type { FastifyInstance } from "fastify";
import { legacyFailure, legacySuccess } from "../../envelopes.ts";
import { LOGIN_ERRORS, tipsFor } from "../../platform-errors.ts";
import type { CodeGrant, SingleUseCodeStore } from "../../state/codes.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";

export const JSCODE2SESSION_PATH = "/api/apps/v2/jscode2session";

const MAX_CODE_LENGTH = 1024;

/** developer.toutiao.com's code exchange: `{appid, secret, code?, anonymous_code?}`. */
export function registerJscode2session(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(JSCODE2SESSION_PATH, { family: "legacy" });

  app.post(JSCODE2SESSION_PATH, async (request) => {
    const fail = (errNo: number) => legacyFailure(errNo, tipsFor(errNo));
    const body = request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return fail(LOGIN_ERRORS.badParams);
    }
    const { appid, secret, code, anonymous_code } = body as Record<string, unknown>;

    // Stryker disable next-line ConditionalExpression: the registry is a Map of string appids, so a non-string finds nothing either way
    const registered = typeof appid === "string" ? state.apps.find(appid) : undefined;
    if (registered === undefined) return fail(LOGIN_ERRORS.badAppid);
    if (secret !== registered.secret) return fail(LOGIN_ERRORS.badSecret);

    const loginCode = readCode(code);
    const anonymousCode = readCode(anonymous_code);
    if (loginCode === "invalid" || anonymousCode === "invalid") return fail(LOGIN_ERRORS.badParams);
    if (loginCode === undefined && anonymousCode === undefined) return fail(LOGIN_ERRORS.badParams);

    const find = (store: SingleUseCodeStore, value: string | undefined) =>
      // Stryker disable next-line ConditionalExpression: find(appid, undefined) is a Map lookup of undefined, which no code is
      value === undefined ? undefined : store.find(registered.appid, value);
    const codeGrant = find(state.loginCodes, loginCode);
    if (loginCode !== undefined && codeGrant === undefined) return fail(LOGIN_ERRORS.badCode);
    const anonymousGrant = find(state.anonymousCodes, anonymousCode);
    if (anonymousCode !== undefined && anonymousGrant === undefined) {
      return fail(LOGIN_ERRORS.badAnonymousCode);
    }

    // Consumed only once both are known good, so a bad anonymous_code does not burn the code.
    // Stryker disable next-line ConditionalExpression: consume(undefined) deletes a Map key no code is
    if (loginCode !== undefined) state.loginCodes.consume(loginCode);
    // Stryker disable next-line ConditionalExpression: consume(undefined) deletes a Map key no code is
    if (anonymousCode !== undefined) state.anonymousCodes.consume(anonymousCode);
    return legacySuccess(sessionData(codeGrant, anonymousGrant));
  });
}

/** undefined: not sent (absent, null or ""); "invalid": not a plausible code string. */
function readCode(value: unknown): string | undefined | "invalid" {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string" || value.length > MAX_CODE_LENGTH) return "invalid";
  return value;
}

/**
 * Fields belonging to a code that was not sent are "", as in the platform's examples. session_key
 * comes only with a code (code2Session: "如果请求时有 code 参数才会返回"), never for an
 * anonymous_code alone.
 */
function sessionData(codeGrant: CodeGrant | undefined, anonymousGrant: CodeGrant | undefined) {
  return {
    session_key: codeGrant?.session.sessionKey ?? "",
    openid: codeGrant?.session.openid ?? "",
    anonymous_openid: anonymousGrant?.session.anonymousOpenid ?? "",
    unionid: codeGrant?.session.unionid ?? "",
  };
}
