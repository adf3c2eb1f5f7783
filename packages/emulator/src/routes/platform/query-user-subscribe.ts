import type { FastifyInstance } from "fastify";
import { openSuccess } from "../../envelopes.ts";
import { SUBSCRIPTION_ERRORS } from "../../platform-errors.ts";
import { findTemplate } from "../../state/apps.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { openCall } from "./open-call.ts";

export const QUERY_USER_SUBSCRIBE_PATH = "/api/notification/v2/subscription/query_user_subscribe/";

/**
 * Whether a user can be sent a template now. Unsure: subscribe_status 1 = a usable grant, 0 =
 * none; user_allow_notification = the user ticked "always keep this choice" when accepting.
 */
export function registerQueryUserSubscribe(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(QUERY_USER_SUBSCRIBE_PATH, { family: "open" });

  app.post(QUERY_USER_SUBSCRIBE_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const { open_id, msg_id } = fields;
      if (typeof open_id !== "string" || open_id === "") {
        return fail(SUBSCRIPTION_ERRORS.queryBadParams, "open_id is required");
      }
      const template = findTemplate(registered, msg_id);
      if (template === undefined) {
        return fail(SUBSCRIPTION_ERRORS.queryBadParams, "msg_id is not a template of this app");
      }
      const subscribed = state.grants.isSubscribed(registered.appid, open_id, template);
      return openSuccess(
        {
          subscribe_status: subscribed ? 1 : 0,
          user_allow_notification: state.grants.alwaysSubscribe(
            registered.appid,
            open_id,
            template.templateId,
          ),
        },
        logId,
      );
    }),
  );
}
