import { DouyinInputError } from "../errors.ts";
import { DouyinWebhookError } from "./errors.ts";

/** A pushed event. Only `event` and `content` are certain; the other fields are read if sent. */
export interface WebhookEnvelope {
  /** E.g. "verify_webhook", "user_subscribe_action". */
  readonly event: string;
  /** `content`, parsed when it came as a JSON string (it comes either way); else as sent. */
  readonly content: unknown;
  /** `from_user_id`: the user's openid for user events (user_subscribe_action documents it). */
  readonly fromUserId?: string;
  /** (?) `to_user_id`. */
  readonly toUserId?: string;
  /** `client_key`: the appid the event is for. */
  readonly clientKey?: string;
  /** `log_id`. */
  readonly logId?: string;
  /** Every field as received. */
  readonly body: Readonly<Record<string, unknown>>;
}

// Stryker disable next-line StringLiteral: an unknown encoding label throws while the module loads, which Stryker's Vitest runner reports as no test run (survived), not as the failure it is
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses a pushed body into its envelope. Throws DouyinWebhookError "malformed-body" when it is
 * not UTF-8 JSON holding an object with a non-empty string `event`. Verify the signature first
 * (readWebhook does both).
 */
export function parseWebhook(rawBody: string | Uint8Array): WebhookEnvelope {
  const body = parseObject(decode(rawBody));
  if (body === undefined) {
    throw new DouyinWebhookError("malformed-body", "the pushed body is not a JSON object");
  }
  const { event } = body;
  if (typeof event !== "string" || event === "") {
    throw new DouyinWebhookError("malformed-body", "the pushed body has no event name");
  }
  return {
    event,
    content: readContent(body.content),
    ...text("fromUserId", body.from_user_id),
    ...text("toUserId", body.to_user_id),
    ...text("clientKey", body.client_key),
    ...text("logId", body.log_id),
    body,
  };
}

function decode(rawBody: string | Uint8Array): string {
  if (typeof rawBody === "string") return rawBody;
  if (!(rawBody instanceof Uint8Array)) {
    throw new DouyinInputError("rawBody", "rawBody must be the raw body as a string or bytes");
  }
  try {
    return STRICT_UTF8.decode(rawBody);
  } catch {
    throw new DouyinWebhookError("malformed-body", "the pushed body is not UTF-8");
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  // Stryker disable BlockStatement: equivalent for the catch block, without its return value stays undefined, which the check below refuses as well (a next-line directive cannot reach a catch block)
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Stryker restore BlockStatement
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * (?) `content` is documented both as an object and as a JSON-encoded string: a string that
 * parses as JSON is parsed, any other string is kept as it is.
 */
function readContent(content: unknown): unknown {
  if (typeof content !== "string") return content;
  try {
    return JSON.parse(content);
  } catch {
    return content;
  }
}

function text<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  if (typeof value === "string" && value !== "") return { [key]: value } as { [P in K]?: string };
  if (typeof value === "number") return { [key]: String(value) } as { [P in K]?: string };
  return {};
}
