import type { KeyObject } from "node:crypto";
import type { AppCredentials } from "../config.ts";
import type { DouyinHttp } from "../http.ts";
import type { RetryPolicy } from "../retry.ts";
import type { TokenKind } from "../tokens/types.ts";

/**
 * Runs `fn` with a current token of `kind` (renewed once after a token error), or with
 * `undefined` on Douyin Cloud's cloud calls, where the platform knows the caller and a call
 * carries no token at all.
 */
export type CallTokenAccess = <T>(
  kind: TokenKind,
  fn: (token: string | undefined) => Promise<T>,
) => Promise<T>;

/** What every call module is given by createDouyinClient. */
export interface CallDeps {
  readonly http: DouyinHttp;
  readonly credentials: AppCredentials;
  readonly withToken: CallTokenAccess;
  /** For the calls that are safe to repeat only. */
  readonly retry: RetryPolicy;
  /** The RSA private key of the phone-number-by-code flow, when configured. */
  readonly phoneNumberPrivateKey?: KeyObject;
}
