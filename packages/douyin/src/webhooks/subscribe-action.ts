import type { WebhookEnvelope } from "./envelope.ts";
import { DouyinWebhookError } from "./errors.ts";

export const USER_SUBSCRIBE_ACTION_EVENT = "user_subscribe_action";

/**
 * content.subscribe_action, as documented (subscription-status-push-event): 0 "no relation"
 * (documented as not expected to occur, valid all the same), 1 one-time subscribed, 2 long-term
 * subscribed, 3 long-term refused, 4 one-time refused.
 */
export const SUBSCRIBE_ACTIONS = {
  0: "no-relation",
  1: "one-time-accepted",
  2: "long-term-accepted",
  3: "long-term-refused",
  4: "one-time-refused",
} as const;

export type SubscribeActionCode = keyof typeof SUBSCRIBE_ACTIONS;
export type SubscribeActionMeaning = (typeof SUBSCRIBE_ACTIONS)[SubscribeActionCode];

export interface UserSubscribeAction {
  readonly subscribeAction: SubscribeActionCode;
  readonly meaning: SubscribeActionMeaning;
  /** Whether the user granted (1, 2); false for a refusal (3, 4) and for 0. */
  readonly accepted: boolean;
  /** Absent for 0 ("no relation" says nothing of the template's kind). */
  readonly templateKind?: "one-time" | "long-term";
  /** The template: content `msg_id` (documented), else the older `tpl_id` / `template_id`. */
  readonly templateId?: string;
  /** The user: the envelope's `from_user_id` (documented), else content `open_id` / `openid`. */
  readonly openid?: string;
  /** content `time`: when the user decided, Unix seconds. */
  readonly time?: number;
  /** The content as received, for fields not read here. */
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * Reads a user_subscribe_action event: `{event, client_key, from_user_id: <openid>, content:
 * "<JSON string>", log_id}` with content `{msg_id, time, subscribe_action}`. (?) Older
 * descriptions put `open_id` / `tpl_id` inside content: read when the documented fields are
 * absent. Throws DouyinWebhookError "unexpected-event" for another event, a content that is not
 * an object, or a subscribe_action other than 0..4 (a string of digits is accepted).
 */
export function readUserSubscribeAction(envelope: WebhookEnvelope): UserSubscribeAction {
  if (envelope.event !== USER_SUBSCRIBE_ACTION_EVENT) {
    throw new DouyinWebhookError("unexpected-event", "not a user_subscribe_action event");
  }
  const content = envelope.content;
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new DouyinWebhookError("unexpected-event", "user_subscribe_action without a content");
  }
  const fields = content as Record<string, unknown>;
  const code = readAction(fields.subscribe_action);
  if (code === undefined) {
    throw new DouyinWebhookError(
      "unexpected-event",
      "user_subscribe_action with a subscribe_action other than 0..4",
    );
  }
  const templateId = firstText(fields.msg_id, fields.tpl_id, fields.template_id);
  const openid = firstText(envelope.fromUserId, fields.open_id, fields.openid);
  const time = Number(fields.time);
  const templateKind =
    code === 1 || code === 4 ? "one-time" : code === 2 || code === 3 ? "long-term" : undefined;
  return {
    subscribeAction: code,
    meaning: SUBSCRIBE_ACTIONS[code],
    accepted: code === 1 || code === 2,
    ...(templateKind === undefined ? {} : { templateKind }),
    ...(templateId === undefined ? {} : { templateId }),
    ...(openid === undefined ? {} : { openid }),
    // Number(undefined) is NaN: an absent time is left out too.
    ...(Number.isFinite(time) && time > 0 ? { time } : {}),
    content: fields,
  };
}

function readAction(value: unknown): SubscribeActionCode | undefined {
  const code =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d$/.test(value)
        ? Number(value)
        : NaN;
  return code === 0 || code === 1 || code === 2 || code === 3 || code === 4 ? code : undefined;
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === "string" && value !== "") return value;
    // Number.isFinite is false for anything but a finite number.
    if (Number.isFinite(value)) return String(value);
  }
  return undefined;
}
