import type { FastifyInstance } from "fastify";
import { legacyFailure } from "../../envelopes.ts";
import { CREDENTIAL_ERRORS, SUBSCRIPTION_ERRORS, tipsFor } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { sendSubscriptionMessage } from "../../subscriptions/notify.ts";
import { authenticate, bodyObject } from "./credentials.ts";

/** developer.toutiao.com's v1 send, and the variant the reference lists under /mgplatform. */
export const NOTIFY_LEGACY_PATHS = [
  "/api/apps/subscribe_notification/developer/v1/notify",
  "/mgplatform/api/apps/subscribe_notification/developer/v1/notify",
] as const;

/** `{access_token, app_id, tpl_id, open_id, data, page?}` → `{err_no, err_tips}`. */
export function registerNotifyLegacy(app: FastifyInstance, state: EmulatorState): void {
  for (const path of NOTIFY_LEGACY_PATHS) {
    state.envelopes.register(path, { family: "legacy" });

    app.post(path, async (request) => {
      const fail = (errNo: number, message = tipsFor(errNo)) => legacyFailure(errNo, message);
      const auth = authenticate(state, "access_token", request);
      if (!auth.ok) return fail(CREDENTIAL_ERRORS.legacyBadToken);
      const fields = bodyObject(request.body) ?? {};
      if (typeof fields.app_id !== "string" || fields.app_id === "") {
        return fail(SUBSCRIPTION_ERRORS.format, "app_id is required");
      }
      // Unsure: an app_id that is not the token's app is answered like a bad token.
      if (fields.app_id !== auth.app.appid) return fail(CREDENTIAL_ERRORS.legacyBadToken);
      const outcome = sendSubscriptionMessage(state, {
        app: auth.app,
        openid: fields.open_id,
        templateId: fields.tpl_id,
        data: fields.data,
        page: fields.page,
      });
      if (!outcome.ok) return fail(outcome.errNo, outcome.message);
      // As the seed article's answer: no data, empty tips.
      return { err_no: 0, err_tips: "" };
    });
  }
}
