import type { FastifyInstance } from "fastify";
import { oauthFailure, oauthSuccess } from "../../envelopes.ts";
import { CLIENT_TOKEN_ERRORS, tipsFor } from "../../platform-errors.ts";
import { CLIENT_TOKEN_RATE_LIMIT, type EmulatorState } from "../../state/emulator-state.ts";
import { TOKEN_TTL_MS } from "../../state/tokens.ts";
import { bodyObject } from "./credentials.ts";

export const CLIENT_TOKEN_PATH = "/oauth/client_token/";

/** open.douyin.com's client_token: `{client_key, client_secret, grant_type: "client_credential"}`. */
export function registerClientToken(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(CLIENT_TOKEN_PATH, { family: "oauth" });

  app.post(CLIENT_TOKEN_PATH, async (request) => {
    const fail = (errorCode: number) => oauthFailure(errorCode, tipsFor(errorCode));
    const { client_key, client_secret, grant_type } = bodyObject(request.body) ?? {};
    if (![client_key, client_secret, grant_type].every((v) => typeof v === "string" && v !== "")) {
      return fail(CLIENT_TOKEN_ERRORS.badParams);
    }
    const registered = state.apps.find(client_key as string);
    if (registered === undefined) return fail(CLIENT_TOKEN_ERRORS.badClientKey);
    // Every call with a known client_key counts toward the (unsure) 500 per 5 minutes.
    if (state.clientTokenCalls.hit(registered.appid) > CLIENT_TOKEN_RATE_LIMIT.calls) {
      return fail(CLIENT_TOKEN_ERRORS.tooFrequent);
    }
    if (client_secret !== registered.secret) return fail(CLIENT_TOKEN_ERRORS.badSecret);
    if (grant_type !== "client_credential") return fail(CLIENT_TOKEN_ERRORS.badParams);
    const issued = state.tokens.issue("client_token", registered.appid);
    return oauthSuccess({ access_token: issued.token, expires_in: TOKEN_TTL_MS / 1000 });
  });
}
