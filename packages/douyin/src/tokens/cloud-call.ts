import type { CallTokenAccess } from "../calls/deps.ts";
import { DouyinConfigError } from "../errors.ts";
import type { DouyinTokens } from "./types.ts";

/** What the call modules run with on Douyin Cloud's cloud calls: no token, ever. */
export const withoutToken: CallTokenAccess = (_kind, fn) => fn(undefined);

/** `client.tokens` of a cloud-call client: there is no token to give. */
export function cloudCallTokens(): DouyinTokens {
  const refuse = (): never => {
    throw new DouyinConfigError(
      "cloudCall",
      "cloud calls carry no token: the platform knows the calling Douyin Cloud service",
    );
  };
  return Object.freeze({
    accessToken: async () => refuse(),
    clientToken: async () => refuse(),
    withToken: async () => refuse(),
  });
}
