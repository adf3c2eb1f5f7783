import type { FastifyInstance } from "fastify";
import { legacyFailure, legacySuccess } from "../../envelopes.ts";
import { ACCESS_TOKEN_ERRORS, tipsFor } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { TOKEN_TTL_MS } from "../../state/tokens.ts";
import { bodyObject } from "./credentials.ts";

export const ACCESS_TOKEN_PATH = "/api/apps/v2/token";

/** developer.toutiao.com's getAccessToken: `{appid, secret, grant_type: "client_credential"}`. */
export function registerAccessToken(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(ACCESS_TOKEN_PATH, { family: "legacy" });

  app.post(ACCESS_TOKEN_PATH, async (request) => {
    // As the docs' failure example: data keeps its fields, emptied.
    const fail = (errNo: number) => ({
      ...legacyFailure(errNo, tipsFor(errNo)),
      data: { access_token: "", expires_in: 0 },
    });
    const { appid, secret, grant_type } = bodyObject(request.body) ?? {};
    const registered = typeof appid === "string" ? state.apps.find(appid) : undefined;
    if (registered === undefined) return fail(ACCESS_TOKEN_ERRORS.badAppid);
    if (secret !== registered.secret) return fail(ACCESS_TOKEN_ERRORS.badSecret);
    if (grant_type !== "client_credential") return fail(ACCESS_TOKEN_ERRORS.badGrantType);
    const issued = state.tokens.issue("access_token", registered.appid);
    return legacySuccess({ access_token: issued.token, expires_in: TOKEN_TTL_MS / 1000 });
  });
}
