import { type Static, Type } from "typebox";
import { TemplateId } from "./subscriptions.ts";
import { PlainText, plainTextPattern } from "./text.ts";

/**
 * queued → sending → sent | failed | rejected (see the API README, "Messages (outbox)").
 * - queued: waiting to be sent (again) at nextAttemptAt;
 * - sending: a worker holds it until its lease runs out;
 * - sent: Douyin accepted it (platformLogId, sentAt);
 * - failed: retryable failures until OUTBOX_MAX_ATTEMPTS (lastError);
 * - rejected: a terminal answer or no grant (rejectReason), never retried.
 */
export const MessageStatus = Type.Union(
  [
    Type.Literal("queued"),
    Type.Literal("sending"),
    Type.Literal("sent"),
    Type.Literal("failed"),
    Type.Literal("rejected"),
  ],
  { title: "MessageStatus" },
);
export type MessageStatus = Static<typeof MessageStatus>;

/** A subscription message's `data`: the template's keywords, each with its text. */
export const MessageData = Type.Record(
  Type.String({ pattern: plainTextPattern({ nonBlank: true, min: 1, max: 64 }) }),
  PlainText({ maxLength: 1000 }),
  {
    // A keyword the pattern refuses (blank, too long, control characters) is no property at all.
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 20,
    description: "{keyword: value}, the template's keywords (1-64 characters each)",
  },
);
export type MessageData = Static<typeof MessageData>;

const Openid = Type.String({ minLength: 1, maxLength: 256, pattern: "^[\\x21-\\x7E]+$" });
const UserId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[\\w-]+$" });

export const SendMessageRequest = Type.Object(
  {
    openid: Type.Optional(Openid),
    userId: Type.Optional(UserId),
    templateId: TemplateId,
    data: MessageData,
    page: Type.Optional(
      PlainText({ minLength: 1, maxLength: 512, description: "page opened from the message" }),
    ),
    idempotencyKey: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: "^[\\x21-\\x7E]+$",
        description:
          "The same key with the same message answers the first message (200); with another message, 409 IDEMPOTENCY_KEY_REUSED",
      }),
    ),
  },
  { additionalProperties: false, description: "Exactly one of openid and userId." },
);
export type SendMessageRequest = Static<typeof SendMessageRequest>;

export const MessageAccepted = Type.Object({ id: Type.String(), status: MessageStatus });
export type MessageAccepted = Static<typeof MessageAccepted>;

const NullableDate = Type.Union([Type.String({ format: "date-time" }), Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);

export const Message = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    openid: Type.String(),
    templateId: Type.String(),
    data: Type.Record(Type.String(), Type.String()),
    page: NullableText,
    idempotencyKey: NullableText,
    status: MessageStatus,
    attempts: Type.Integer({
      description:
        "Sends that did not succeed: failed calls to Douyin, and sends cut short by a stopped process",
    }),
    nextAttemptAt: Type.String({ format: "date-time" }),
    lastError: NullableText,
    rejectReason: NullableText,
    platformLogId: NullableText,
    sentAt: NullableDate,
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { title: "Message" },
);
export type Message = Static<typeof Message>;

export const MessageParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: "^[\\w-]+$" }),
});
export type MessageParams = Static<typeof MessageParams>;
