import type { WebhookEnvelope } from "./envelope.ts";
import { DouyinWebhookError } from "./errors.ts";

export const USER_SUBSCRIBE_ACTION_EVENT = "user_subscribe_action";

/** content.subscribe_action, as documented. */
export const SUBSCRIBE_ACTIONS = {
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
  /** Whether the user granted (1, 2) or refused (3, 4). */
  readonly accepted: boolean;
  readonly templateKind: "one-time" | "long-term";
  /** (?) The template: content `tpl_id`, `template_id` or `msg_id`, whichever is sent. */
  readonly templateId?: string;
  /** (?) The user: content `open_id`/`openid`, else the envelope's from_user_id. */
  readonly openid?: string;
  /** The content as received, for fields not read here. */
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * Reads a user_subscribe_action event. Throws DouyinWebhookError "unexpected-event" for another
 * event, a content that is not an object, or a subscribe_action other than 1..4 (a numeric string
 * is accepted).
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
  const code = Number(fields.subscribe_action);
  if (!(code === 1 || code === 2 || code === 3 || code === 4)) {
    throw new DouyinWebhookError(
      "unexpected-event",
      "user_subscribe_action with a subscribe_action other than 1..4",
    );
  }
  const templateId = firstText(fields.tpl_id, fields.template_id, fields.msg_id);
  const openid = firstText(fields.open_id, fields.openid, envelope.fromUserId);
  return {
    subscribeAction: code,
    meaning: SUBSCRIBE_ACTIONS[code],
    accepted: code === 1 || code === 2,
    templateKind: code === 1 || code === 4 ? "one-time" : "long-term",
    ...(templateId === undefined ? {} : { templateId }),
    ...(openid === undefined ? {} : { openid }),
    content: fields,
  };
}

function firstText(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === "string" && value !== "") return value;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
  }
  return undefined;
}
