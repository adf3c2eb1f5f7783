import type { WebhookEnvelope } from "./envelope.ts";
import { DouyinWebhookError } from "./errors.ts";

export const VERIFY_WEBHOOK_EVENT = "verify_webhook";

/** What to answer a verify_webhook push with (as JSON, HTTP 200). */
export interface ChallengeAnswer {
  /** Echoed as received (a number in the documentation; a string is echoed as a string). */
  readonly challenge: number | string;
}

export function isChallenge(envelope: WebhookEnvelope): boolean {
  return envelope.event === VERIFY_WEBHOOK_EVENT;
}

/**
 * `{"event":"verify_webhook","content":{"challenge":N}}` → `{challenge: N}`. Throws
 * DouyinWebhookError "unexpected-event" for another event or a content without a challenge.
 */
export function answerChallenge(envelope: WebhookEnvelope): ChallengeAnswer {
  if (!isChallenge(envelope)) {
    throw new DouyinWebhookError("unexpected-event", "not a verify_webhook event");
  }
  const content = envelope.content;
  const challenge =
    typeof content === "object" && content !== null
      ? (content as { challenge?: unknown }).challenge
      : undefined;
  if (!isChallengeValue(challenge)) {
    throw new DouyinWebhookError("unexpected-event", "the verify_webhook event has no challenge");
  }
  return { challenge };
}

/** A non-empty string or a finite number (Number.isFinite is false for anything else). */
function isChallengeValue(value: unknown): value is number | string {
  return typeof value === "string" ? value !== "" : Number.isFinite(value);
}
