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

export interface DouyinClient {
  readonly appid: string;
  readonly environment: DouyinEnvironment;
  readonly baseUrls: DouyinBaseUrls;
  readonly timeoutMs: number;
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
  // The secret stays in this closure: the client object can be logged safely.
  return Object.freeze({
    appid: resolved.appid,
    environment: resolved.environment,
    baseUrls: resolved.baseUrls,
    timeoutMs: resolved.timeoutMs,
    code2session: (input: Code2SessionInput) => code2session(http, credentials, input),
  });
}
