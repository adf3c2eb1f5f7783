import { createDouyinCalls, type DouyinCalls } from "./calls/client-calls.ts";
import {
  type DouyinBaseUrls,
  type DouyinClientConfig,
  type DouyinEnvironment,
  resolveConfig,
} from "./config.ts";
import { createDouyinHttp } from "./http.ts";
import {
  type Code2SessionInput,
  type Code2SessionResult,
  code2session,
} from "./login/code2session.ts";
import { cloudCallTokens, withoutToken } from "./tokens/cloud-call.ts";
import { createDouyinTokens } from "./tokens/douyin-tokens.ts";
import type { DouyinTokens } from "./tokens/types.ts";

export interface DouyinClient extends DouyinCalls {
  readonly appid: string;
  readonly environment: DouyinEnvironment;
  /** Douyin Cloud's cloud calls: no tokens (see DouyinClientConfig.cloudCall). */
  readonly cloudCall: boolean;
  readonly baseUrls: DouyinBaseUrls;
  readonly timeoutMs: number;
  /** access_token / client_token of this app, through the configured tokenStore (one fetch per
   * expiry across every process sharing it). `withToken(kind, fn)` runs a call with a token and
   * retries it once with a new token after a token error. */
  readonly tokens: DouyinTokens;
  /** Exchanges tt.login's code and/or anonymousCode. Not retried (codes are single-use). */
  code2session(input: Code2SessionInput): Promise<Code2SessionResult>;
}

/** Validates the configuration (throws DouyinConfigError) and returns the client. */
export function createDouyinClient(config: DouyinClientConfig): DouyinClient {
  const resolved = resolveConfig(config);
  const credentials = { appid: resolved.appid, secret: resolved.secret };
  const http = createDouyinHttp({
    baseUrls: resolved.baseUrls,
    timeoutMs: resolved.timeoutMs,
    fetch: resolved.fetch,
    alwaysSensitive: [resolved.secret],
  });
  // Call modules that need a token take `tokens` (its withToken) as an argument.
  const tokens = resolved.cloudCall
    ? cloudCallTokens()
    : createDouyinTokens({
        http,
        credentials,
        namespace: resolved.environment,
        store: resolved.tokenStore,
        refreshAheadMs: resolved.tokenRefreshAheadMs,
        timeoutMs: resolved.timeoutMs,
        retry: resolved.retry,
      });
  // The secret stays in this closure: the client object can be logged safely.
  return Object.freeze({
    appid: resolved.appid,
    environment: resolved.environment,
    cloudCall: resolved.cloudCall,
    baseUrls: resolved.baseUrls,
    timeoutMs: resolved.timeoutMs,
    tokens,
    code2session: (input: Code2SessionInput) => code2session(http, credentials, input),
    ...createDouyinCalls({
      http,
      credentials,
      withToken: resolved.cloudCall ? withoutToken : tokens.withToken,
      retry: resolved.retry,
      ...(resolved.phoneNumberPrivateKey === undefined
        ? {}
        : { phoneNumberPrivateKey: resolved.phoneNumberPrivateKey }),
    }),
  });
}
