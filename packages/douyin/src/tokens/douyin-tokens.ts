import type { AppCredentials } from "../config.ts";
import { DouyinInputError } from "../errors.ts";
import type { DouyinHttp } from "../http.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "../retry.ts";
import {
  ACCESS_TOKEN_PATH,
  CLIENT_TOKEN_PATH,
  requestToken,
  worstCaseFetchMs,
} from "./fetch-token.ts";
import { createTokenManager, DEFAULT_LOCK_TTL_MS, type TokenManager } from "./manager.ts";
import type { DouyinTokens, TokenKind, TokenStore } from "./types.ts";

export interface DouyinTokensSettings {
  readonly http: DouyinHttp;
  readonly credentials: AppCredentials;
  /** Store key namespace: the client's environment. */
  readonly namespace: string;
  readonly store: TokenStore;
  readonly refreshAheadMs: number;
  /** The client's per-request timeout, which token requests have too. */
  readonly timeoutMs: number;
  /** Of token requests (the client's `retry`). Default DEFAULT_RETRY. */
  readonly retry?: RetryPolicy;
}

const PATHS: Readonly<Record<TokenKind, string>> = {
  access_token: ACCESS_TOKEN_PATH,
  client_token: CLIENT_TOKEN_PATH,
};

/** Both token kinds of one app: `client.tokens`, also handed to the call modules. */
export function createDouyinTokens(settings: DouyinTokensSettings): DouyinTokens {
  const retry = settings.retry ?? DEFAULT_RETRY;
  // The refresh lock must outlive the slowest fetch, or a second process would fetch too.
  const lockTtlMs = Math.max(
    DEFAULT_LOCK_TTL_MS,
    Math.ceil(worstCaseFetchMs(settings.timeoutMs, retry)) + 5_000,
  );
  const manager = (kind: TokenKind): TokenManager =>
    createTokenManager({
      kind,
      appid: settings.credentials.appid,
      namespace: settings.namespace,
      store: settings.store,
      refreshAheadMs: settings.refreshAheadMs,
      lockTtlMs,
      path: PATHS[kind],
      fetchToken: () => requestToken(settings.http, kind, settings.credentials, retry),
    });
  const managers: Readonly<Record<TokenKind, TokenManager>> = {
    access_token: manager("access_token"),
    client_token: manager("client_token"),
  };
  const managerOf = (kind: TokenKind): TokenManager => {
    if (kind !== "access_token" && kind !== "client_token") {
      throw new DouyinInputError("kind", 'token kind must be "access_token" or "client_token"');
    }
    return managers[kind];
  };
  return Object.freeze({
    accessToken: () => managers.access_token.get(),
    clientToken: () => managers.client_token.get(),
    withToken: async <T>(kind: TokenKind, fn: (token: string) => Promise<T>): Promise<T> =>
      managerOf(kind).withToken(fn),
  });
}
