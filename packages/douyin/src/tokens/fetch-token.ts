import { badResponse, fieldsOf } from "../bad-response.ts";
import type { AppCredentials } from "../config.ts";
import { DouyinError, isDouyinError } from "../errors.ts";
import type { DouyinHttp, PlatformAnswer } from "../http.ts";
import { backoffCeiling, type RetryPolicy, withRetry } from "../retry.ts";
import type { FetchedToken } from "./manager.ts";
import type { TokenKind } from "./types.ts";

export const ACCESS_TOKEN_PATH = "/api/apps/v2/token";
export const CLIENT_TOKEN_PATH = "/oauth/client_token/";

/** The longest a fetch with its retries can take: what the store lock must outlive. */
export function worstCaseFetchMs(timeoutMs: number, policy: RetryPolicy): number {
  let total = policy.attempts * timeoutMs;
  for (let retry = 1; retry < policy.attempts; retry++) total += backoffCeiling(policy, retry);
  return total;
}

/**
 * Requests a token of `kind`, retrying failures that issued no token (busy, 5xx, 429, network)
 * as `policy` says. Not a timeout: the platform may have issued a token whose answer was lost, and
 * every issue cuts the previous token to 5 minutes and keeps only the newest two valid, so
 * repeated lost answers would invalidate the token every other process uses. Other failures are
 * thrown at once.
 */
export function requestToken(
  http: DouyinHttp,
  kind: TokenKind,
  credentials: AppCredentials,
  policy: RetryPolicy,
): Promise<FetchedToken> {
  const request = kind === "access_token" ? requestAccessToken : requestClientToken;
  return withRetry(
    policy,
    () =>
      request(http, credentials).catch((error: unknown) => {
        throw asFetchFailure(error);
      }),
    { retryIf: (error) => !(isDouyinError(error) && error.kind === "timeout") },
  );
}

/** `POST developer/api/apps/v2/token` → `data:{access_token, expires_in}` (also accepted at the
 * top level, as ByteDance's own SDK reads them). */
export async function requestAccessToken(
  http: DouyinHttp,
  credentials: AppCredentials,
): Promise<FetchedToken> {
  const answer = await http.postJson({
    family: "developer",
    path: ACCESS_TOKEN_PATH,
    body: {
      appid: credentials.appid,
      secret: credentials.secret,
      grant_type: "client_credential",
    },
  });
  return readToken(ACCESS_TOKEN_PATH, answer);
}

/** `POST open/oauth/client_token/` → `{message, data:{access_token:"clt.…", expires_in,
 * error_code, description}}`. */
export async function requestClientToken(
  http: DouyinHttp,
  credentials: AppCredentials,
): Promise<FetchedToken> {
  const answer = await http.postJson({
    family: "open",
    path: CLIENT_TOKEN_PATH,
    body: {
      client_key: credentials.appid,
      client_secret: credentials.secret,
      grant_type: "client_credential",
    },
  });
  return readToken(CLIENT_TOKEN_PATH, answer);
}

function readToken(path: string, answer: PlatformAnswer): FetchedToken {
  const data = fieldsOf(answer.data) ?? {};
  const value = data.access_token ?? answer.body.access_token;
  const expiresIn = seconds(data.expires_in ?? answer.body.expires_in);
  if (typeof value !== "string" || value === "" || expiresIn === undefined) {
    throw badResponse(path, answer, "access_token and expires_in");
  }
  return { value, expiresInSeconds: expiresIn };
}

/**
 * A token endpoint takes no token, so a code of the "token-invalid" family from it (40020 is
 * listed among its errors and may rather mean a bad grant_type) is a configuration problem, an
 * invalid request: "token-invalid" would tell callers to renew a token and try again, which
 * cannot help.
 */
function asFetchFailure(error: unknown): unknown {
  if (!isDouyinError(error) || error.category !== "token-invalid") return error;
  return new DouyinError({
    platformCode: error.platformCode,
    message: error.message,
    path: error.path,
    kind: error.kind,
    category: "configuration",
    reason: "invalid-request",
    // DouyinError leaves out an undefined logId or httpStatus itself.
    logId: error.logId,
    httpStatus: error.httpStatus,
    cause: error,
  });
}

/** A positive number of seconds, also as a numeric string ("" and blanks read as 0: refused). */
function seconds(value: unknown): number | undefined {
  if (typeof value !== "number" && typeof value !== "string") return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}
