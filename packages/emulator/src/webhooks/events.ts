/**
 * Bodies of the events the platform pushes. Unsure: field names beyond `event`, `content`,
 * `from_user_id` and `content.subscribe_action` are the emulator's reading of the docs.
 */

/** content.subscribe_action values, as documented. */
export const SUBSCRIBE_ACTIONS = {
  oneTimeAccepted: 1,
  longTermAccepted: 2,
  longTermRefused: 3,
  oneTimeRefused: 4,
} as const;

export type SubscribeAction = (typeof SUBSCRIBE_ACTIONS)[keyof typeof SUBSCRIBE_ACTIONS];

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
      app_id: input.appid,
      open_id: input.openid,
      tpl_id: input.templateId,
      subscribe_action: input.action,
      create_time: Math.floor(input.now / 1000),
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
