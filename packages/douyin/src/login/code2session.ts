import { categorize } from "../error-category.ts";
import { DouyinError, DouyinInputError } from "../errors.ts";
import type { DouyinHttp, PlatformAnswer } from "../http.ts";

export const JSCODE2SESSION_PATH = "/api/apps/v2/jscode2session";

const MAX_CODE_LENGTH = 512;
const CODE_PATTERN = /^[\x21-\x7e]+$/;

export interface Code2SessionInput {
  /** From tt.login when the user is logged into the host app ("" counts as absent). */
  readonly code?: string;
  /** From tt.login, always ("" counts as absent). */
  readonly anonymousCode?: string;
}

export interface Code2SessionResult {
  /** Decrypts the user's data; keep it on the server, never send it to the client. */
  readonly sessionKey: string;
  /** Present when a code was exchanged. */
  readonly openid?: string;
  /** Present when an anonymous code was exchanged. */
  readonly anonymousOpenid?: string;
  readonly unionid?: string;
}

export interface AppCredentials {
  readonly appid: string;
  readonly secret: string;
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
  });
  return readSession(answer);
}

function readInput(input: Code2SessionInput): Code2SessionInput {
  if (typeof input !== "object" || input === null) {
    throw new DouyinInputError("input", "code2session needs {code?, anonymousCode?}");
  }
  const code = readCode(input.code, "code");
  const anonymousCode = readCode(input.anonymousCode, "anonymousCode");
  if (code === undefined && anonymousCode === undefined) {
    throw new DouyinInputError("code", "code2session needs a code or an anonymousCode");
  }
  return { code, anonymousCode };
}

// Messages never quote the value: a code is a credential until it is used.
function readCode(value: unknown, field: "code" | "anonymousCode"): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > MAX_CODE_LENGTH || !CODE_PATTERN.test(value)) {
    throw new DouyinInputError(
      field,
      `${field} must be a string of 1-${MAX_CODE_LENGTH} visible ASCII characters`,
    );
  }
  return value;
}

function readSession(answer: PlatformAnswer): Code2SessionResult {
  const data = answer.data as Record<string, unknown> | null | undefined;
  const sessionKey = data?.session_key;
  if (typeof sessionKey !== "string" || sessionKey === "") {
    throw new DouyinError({
      platformCode: "bad_response",
      message: "jscode2session answered success without a session_key",
      path: JSCODE2SESSION_PATH,
      kind: "bad-response",
      category: categorize({ kind: "bad-response", httpStatus: answer.httpStatus }),
      httpStatus: answer.httpStatus,
      ...(answer.logId === undefined ? {} : { logId: answer.logId }),
    });
  }
  return dropEmpty({
    sessionKey,
    openid: data?.openid,
    anonymousOpenid: data?.anonymous_openid,
    unionid: data?.unionid,
  });
}

/** The platform answers "" for the fields of a code that was not sent. */
function dropEmpty(fields: { sessionKey: string } & Record<string, unknown>): Code2SessionResult {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string" && value !== "") result[key] = value;
  }
  return result as unknown as Code2SessionResult;
}
