import type { CodeMeanings } from "../error-category.ts";
import type { PlatformAnswer } from "../http.ts";
import { withRetry } from "../retry.ts";
import type { CallDeps } from "./deps.ts";

/** The header carrying `token`; none on a cloud call (no token). */
export function tokenHeader(name: string, token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { [name]: token };
}

/** The body field carrying `token`; none on a cloud call (no token). */
export function tokenField(token: string | undefined): { access_token?: string } {
  return token === undefined ? {} : { access_token: token };
}

/**
 * Runs a call that is safe to repeat (a query, censor, QR code, URL link) under the retry
 * policy, retrying only failures of `path` (withToken's token fetch has retried already).
 */
export function retryQuery<T>(deps: CallDeps, path: string, call: () => Promise<T>): Promise<T> {
  return withRetry(deps.retry, call, { path });
}

/**
 * POSTs `body` to open.douyin.com with the client_token in the `access-token` header; withToken
 * renews a refused token once. `sensitive` values (and the token) never appear in an error.
 * Not retried: for sends and single-use codes.
 */
export function postWithClientToken(
  deps: CallDeps,
  path: string,
  body: unknown,
  sensitive: readonly string[] = [],
  meanings?: CodeMeanings,
): Promise<PlatformAnswer> {
  return deps.withToken("client_token", (token) =>
    deps.http.postJson({
      family: "open",
      path,
      headers: tokenHeader("access-token", token),
      body,
      sensitive: [...sensitive, token],
      ...(meanings === undefined ? {} : { meanings }),
    }),
  );
}

/** postWithClientToken for a call that is safe to repeat: retried (see retryQuery). */
export function queryWithClientToken(
  deps: CallDeps,
  path: string,
  body: unknown,
): Promise<PlatformAnswer> {
  return retryQuery(deps, path, () => postWithClientToken(deps, path, body));
}
