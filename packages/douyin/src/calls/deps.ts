import type { KeyObject } from "node:crypto";
import type { AppCredentials } from "../config.ts";
import type { DouyinHttp } from "../http.ts";
import type { RetryPolicy } from "../retry.ts";
import type { TokenAccess } from "../tokens/types.ts";

/** What every call module is given by createDouyinClient. */
export interface CallDeps {
  readonly http: DouyinHttp;
  readonly credentials: AppCredentials;
  /** Runs a request with a current token; on a token error renews it and runs it once more. */
  readonly withToken: TokenAccess["withToken"];
  /** For the calls that are safe to repeat only. */
  readonly retry: RetryPolicy;
  /** The RSA private key of the phone-number-by-code flow, when configured. */
  readonly phoneNumberPrivateKey?: KeyObject;
}
