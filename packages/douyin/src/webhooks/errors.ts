/**
 * - "bad-signature": X-Douyin-Signature is missing or does not match: answer 401 and drop it.
 * - "malformed-body": not UTF-8 JSON holding an object with a string `event`.
 * - "unexpected-event": answerChallenge / readUserSubscribeAction got another event, or the
 *   event's content lacks what it needs (challenge, subscribe_action 0..4).
 */
export type DouyinWebhookFailure = "bad-signature" | "malformed-body" | "unexpected-event";

/** A pushed event could not be accepted. The message never quotes the body or the secret. */
export class DouyinWebhookError extends Error {
  override readonly name = "DouyinWebhookError";
  readonly reason: DouyinWebhookFailure;

  constructor(reason: DouyinWebhookFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}

export function isDouyinWebhookError(value: unknown): value is DouyinWebhookError {
  return value instanceof DouyinWebhookError;
}
