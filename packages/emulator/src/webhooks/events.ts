/**
 * Bodies of the events the platform pushes, as documented (subscription-status-push-event,
 * webhooks overview). Unsure: whether log_id is sent with every event (the docs' example has none).
 */

/** content.subscribe_action values, as documented; 0 ("no relation") is "not expected to occur". */
export const SUBSCRIBE_ACTIONS = {
  noRelation: 0,
  oneTimeAccepted: 1,
  longTermAccepted: 2,
  longTermRefused: 3,
  oneTimeRefused: 4,
} as const;

export type SubscribeAction = (typeof SUBSCRIBE_ACTIONS)[keyof typeof SUBSCRIBE_ACTIONS];

export function isSubscribeAction(value: unknown): value is SubscribeAction {
  return Object.values(SUBSCRIBE_ACTIONS).includes(value as SubscribeAction);
}

/**
 * `{event, client_key, from_user_id: <openid>, content: "<JSON string>", log_id}` with content
 * `{msg_id: <template id>, time: <Unix seconds>, subscribe_action}`.
 */
export function subscribeActionEvent(input: {
  appid: string;
  openid: string;
  templateId: string;
  action: SubscribeAction;
  now: number;
  logId: string;
}) {
  return {
    event: "user_subscribe_action",
    client_key: input.appid,
    from_user_id: input.openid,
    // A JSON string, not an object: the receiver parses it a second time.
    content: JSON.stringify({
      msg_id: input.templateId,
      time: Math.floor(input.now / 1000),
      subscribe_action: input.action,
    }),
    log_id: input.logId,
  };
}

/** The documented check: `{"event":"verify_webhook","content":{"challenge":N}}` → `{"challenge":N}`. */
export function verifyWebhookEvent(appid: string, challenge: number, logId: string) {
  return {
    event: "verify_webhook",
    client_key: appid,
    from_user_id: "",
    content: { challenge },
    log_id: logId,
  };
}
