import { DouyinInputError } from "../errors.ts";
import { answerChallenge, type ChallengeAnswer, isChallenge } from "./challenge.ts";
import { parseWebhook, type WebhookEnvelope } from "./envelope.ts";
import { DouyinWebhookError } from "./errors.ts";
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from "./signature.ts";

/** The header that identifies a push across Douyin's retries (5 s timeout, 3 retries). */
export const WEBHOOK_MSG_ID_HEADER = "msg-id";

/** Node's IncomingHttpHeaders, a plain record with any case, or a fetch Headers. */
export type WebhookHeaders =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface ReadWebhookInput {
  readonly headers: WebhookHeaders;
  /** The body exactly as received (the bytes, best): parse nothing before this. */
  readonly rawBody: string | Uint8Array;
  /** (?) The app secret or a separate webhook secret, whichever the console uses. */
  readonly secret: string;
  /**
   * (?) Whether Douyin signs the verify_webhook push is not confirmed. Default false: every push,
   * the challenge included, must be signed. Set true if URL verification fails for that reason:
   * answering a challenge reveals nothing.
   */
  readonly allowUnsignedChallenge?: boolean;
}

export interface ReadWebhook {
  /** The Msg-Id header: de-duplicate on it (Douyin retries a push that got no 200 in 5 s). */
  readonly msgId?: string;
  readonly event: string;
  readonly content: unknown;
  readonly isChallenge: boolean;
  /** For a verify_webhook push: what to answer (HTTP 200, JSON). */
  readonly challengeAnswer?: ChallengeAnswer;
  readonly envelope: WebhookEnvelope;
}

/**
 * Verifies X-Douyin-Signature, parses the body and reads Msg-Id. Throws DouyinWebhookError:
 * "bad-signature" (answer 401), "malformed-body" / "unexpected-event" (answer 400).
 * A duplicate Msg-Id should still be answered 200, or Douyin keeps retrying.
 */
export function readWebhook(input: ReadWebhookInput): ReadWebhook {
  if (typeof input !== "object" || input === null) {
    throw new DouyinInputError("input", "readWebhook needs {headers, rawBody, secret}");
  }
  const { headers, rawBody, secret } = input;
  if (typeof headers !== "object" || headers === null) {
    throw new DouyinInputError("headers", "headers must be the request's headers");
  }
  const signature = header(headers, WEBHOOK_SIGNATURE_HEADER);
  const signed = verifyWebhookSignature({ rawBody, signature, secret });
  // An unsigned body is parsed only when an unsigned challenge may be accepted.
  if (!signed && input.allowUnsignedChallenge !== true) throw badSignature();
  const envelope = parseWebhook(rawBody);
  const challenge = isChallenge(envelope);
  if (!signed && !challenge) throw badSignature();
  const msgId = header(headers, WEBHOOK_MSG_ID_HEADER);
  return {
    ...(msgId === undefined ? {} : { msgId }),
    event: envelope.event,
    content: envelope.content,
    isChallenge: challenge,
    ...(challenge ? { challengeAnswer: answerChallenge(envelope) } : {}),
    envelope,
  };
}

function badSignature(): DouyinWebhookError {
  return new DouyinWebhookError("bad-signature", "the push's X-Douyin-Signature does not match");
}

/** A header's value, whatever the case of its name; the first one if repeated. */
function header(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) {
    const value = headers.get(name);
    // Stryker disable next-line OptionalChaining: equivalent, split always returns at least one element
    return value === null || value === "" ? undefined : value.split(",")[0]?.trim();
  }
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const first = typeof value === "string" ? value : Array.isArray(value) ? value[0] : undefined;
    if (typeof first === "string" && first !== "") return first;
  }
  return undefined;
}
