import type { FastifyInstance } from "fastify";
import { SUBSCRIPTION_ERRORS } from "../../platform-errors.ts";
import type { EmulatorState } from "../../state/emulator-state.ts";
import { sendSubscriptionMessage } from "../../subscriptions/notify.ts";
import { openCall } from "./open-call.ts";

export const NOTIFY_USER_PATH = "/api/notification/v2/subscription/notify_user/";

/** notify_type's documented values: 1 real-time reminder, 2 in-app message. */
const NOTIFY_TYPES = [1, 2];

/**
 * notify_type is a list (`[1,2]`), as the notify_user v2 page documents it. Unsure: the code for a
 * bad one (1000 here, the send's format error) and whether an empty list is refused (it is here);
 * the platform's checks for [1] (a template with real-time reminders, a user who allowed them)
 * are not emulated: the list is recorded with the message.
 */
function readNotifyType(value: unknown): number[] | undefined | "invalid" {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    new Set(value).size !== value.length ||
    !value.every((type) => NOTIFY_TYPES.includes(type))
  ) {
    return "invalid";
  }
  return value as number[];
}

/** The current send: `{open_id, msg_id, data, page?, notify_type?}` → `{err_no, err_msg, log_id}`. */
export function registerNotifyUser(app: FastifyInstance, state: EmulatorState): void {
  state.envelopes.register(NOTIFY_USER_PATH, { family: "open" });

  app.post(NOTIFY_USER_PATH, async (request) =>
    openCall(state, request, ({ app: registered, fields, logId, fail }) => {
      const { open_id, msg_id, data, page, notify_type } = fields;
      const notifyType = readNotifyType(notify_type);
      if (notifyType === "invalid") {
        return fail(SUBSCRIPTION_ERRORS.format, "notify_type must be a list of 1 and/or 2");
      }
      const outcome = sendSubscriptionMessage(state, {
        app: registered,
        openid: open_id,
        templateId: msg_id,
        data,
        page,
        ...(notifyType === undefined ? {} : { notifyType }),
      });
      if (!outcome.ok) return fail(outcome.errNo, outcome.message);
      return { err_no: 0, err_msg: "", log_id: logId };
    }),
  );
}
