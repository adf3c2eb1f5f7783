import type { FastifyInstance } from "fastify";
import { SUBSCRIPTION_ERRORS } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { sendSubscriptionMessage } from "../../subscriptions/notify.ts";
import { openCall } from "./open-call.ts";

export const NOTIFY_USER_PATH = "/api/notification/v2/subscription/notify_user/";

/** The current send: `{open_id, msg_id, data, page?, notify_type?}` → `{err_no, err_msg, log_id}`. */
export function registerNotifyUser(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(NOTIFY_USER_PATH, { family: "open" });

  app.post(NOTIFY_USER_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const { open_id, msg_id, data, page, notify_type } = fields;
      // Unsure what notify_type selects; any integer is accepted and otherwise ignored.
      if (notify_type !== undefined && !Number.isInteger(notify_type)) {
        return fail(SUBSCRIPTION_ERRORS.format, "notify_type must be an integer");
      }
      const outcome = sendSubscriptionMessage(state, {
        app: registered,
        openid: open_id,
        templateId: msg_id,
        data,
        page,
      });
      if (!outcome.ok) return fail(outcome.errNo, outcome.message);
      return { err_no: 0, err_msg: "", log_id: logId };
    }),
  );
}
