import { badResponse, fieldsOf } from "../bad-response.ts";
import { requireId, requireInput } from "../calls/validate.ts";
import type { AppCredentials } from "../config.ts";
import type { CodeMeanings } from "../error-category.ts";
import { DouyinInputError } from "../errors.ts";
import type { DouyinHttp, PlatformAnswer } from "../http.ts";

export const JSCODE2SESSION_PATH = "/api/apps/v2/jscode2session";

const MAX_CODE_LENGTH = 512;

/** What 40018 / 40019 mean here (elsewhere on the platform 40018 is not a login code). */
export const JSCODE2SESSION_MEANINGS: CodeMeanings = new Map([
  [40018, { category: "user-action", reason: "code-invalid" }],
  [40019, { category: "user-action", reason: "anonymous-code-invalid" }],
]);

export interface Code2SessionInput {
  /** From tt.login when the user is logged into the host app ("" counts as absent). */
  readonly code?: string;
  /** From tt.login, always ("" counts as absent). */
  readonly anonymousCode?: string;
}

export interface Code2SessionResult {
  /**
   * Decrypts the user's data; keep it on the server, never send it to the client. Present when a
   * code was exchanged: the platform sends none for an anonymous code alone.
   */
  readonly sessionKey?: string;
  /** Present when a code was exchanged. */
  readonly openid?: string;
  /** Present when an anonymous code was exchanged. */
  readonly anonymousOpenid?: string;
  readonly unionid?: string;
}

/**
 * Exchanges tt.login's codes at developer.toutiao.com. Never retried, not even on a timeout: a
 * login code is single-use, so repeating a call that may have reached the platform would burn
 * the code and turn a transient failure into 40018. The mini-program logs in again instead.
 */
export async function code2session(
  http: DouyinHttp,
  credentials: AppCredentials,
  input: Code2SessionInput,
): Promise<Code2SessionResult> {
  const { code, anonymousCode } = readInput(input);
  const answer = await http.postJson({
    family: "developer",
    path: JSCODE2SESSION_PATH,
    body: {
      appid: credentials.appid,
      secret: credentials.secret,
      ...(code === undefined ? {} : { code }),
      ...(anonymousCode === undefined ? {} : { anonymous_code: anonymousCode }),
    },
    sensitive: [code, anonymousCode],
    meanings: JSCODE2SESSION_MEANINGS,
  });
  return readSession(answer, code !== undefined);
}

function readInput(input: Code2SessionInput): Code2SessionInput {
  const fields = requireInput(input, "code2session", "{code?, anonymousCode?}");
  const code = readCode(fields.code, "code");
  const anonymousCode = readCode(fields.anonymousCode, "anonymousCode");
  if (code === undefined && anonymousCode === undefined) {
    throw new DouyinInputError("code", "code2session needs a code or an anonymousCode");
  }
  return { code, anonymousCode };
}

/** requireId, with "" counting as absent (messages never quote a code: it is a credential). */
function readCode(value: unknown, field: "code" | "anonymousCode"): string | undefined {
  return value === undefined || value === "" ? undefined : requireId(value, field, MAX_CODE_LENGTH);
}

/**
 * session_key, openid and unionid come only with a code; anonymous_openid only with an
 * anonymous_code. A code's answer needs the key and the openid, an anonymous code's alone its
 * anonymous_openid. The platform sends "" (or, some say, nothing) for fields of a code not sent:
 * both count as absent.
 */
function readSession(answer: PlatformAnswer, codeSent: boolean): Code2SessionResult {
  const data = fieldsOf(answer.data) ?? {};
  const result = dropEmpty({
    sessionKey: data.session_key,
    openid: data.openid,
    anonymousOpenid: data.anonymous_openid,
    unionid: data.unionid,
  });
  if (codeSent && (result.sessionKey === undefined || result.openid === undefined)) {
    throw badResponse(JSCODE2SESSION_PATH, answer, "a session_key and an openid");
  }
  if (!codeSent && result.anonymousOpenid === undefined) {
    throw badResponse(JSCODE2SESSION_PATH, answer, "an anonymous_openid");
  }
  return result;
}

function dropEmpty(fields: Record<keyof Code2SessionResult, unknown>): Code2SessionResult {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value !== "") result[key] = value;
  }
  return result as Code2SessionResult;
}
