import { type Static, Type } from "typebox";

/** A console template id ("MSG…"); the same rule as SUBSCRIPTION_TEMPLATES in the API's config. */
export const TemplateId = Type.String({ minLength: 1, maxLength: 128, pattern: "^[\\w-]+$" });

/**
 * One template's answer: accept, reject, fail, repeat, limit, ban (?). Only "accept" grants
 * anything; other words are accepted and ignored, so that a status Douyin adds later is not a 400.
 */
const SubscribeStatus = Type.String({ minLength: 1, maxLength: 32, pattern: "^[A-Za-z_-]+$" });

/** The v2 shape's per-template settings. */
const TemplateSetting = Type.Object(
  {
    status: SubscribeStatus,
    alwaysSubscribe: Type.Optional(Type.Boolean()),
    /** (?) Undocumented entries such as {reminderType, reminderStatus}: kept out of our records. */
    allowReminderWay: Type.Optional(
      Type.Array(
        Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String(), Type.Boolean()]), {
          maxProperties: 8,
        }),
        { maxItems: 8 },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The success object of tt.requestSubscribeMessage, passed up unchanged, in either shape:
 * - v2: `{templateSettings: {[id]: {status, alwaysSubscribe?, allowReminderWay?}}, errMsg?}`;
 * - legacy: `{[id]: "accept" | "reject" | "ban" | "fail", itemSettings?, errMsg}`.
 * (?) The typings declare both on one object, so one schema accepts either or both: template ids
 * as keys with a status, plus `templateSettings`, `itemSettings` and `errMsg`. At most 16 keys.
 */
export const SubscribeResult = Type.Object(
  {
    errMsg: Type.Optional(Type.String({ maxLength: 256 })),
    templateSettings: Type.Optional(
      Type.Record(TemplateId, TemplateSetting, { maxProperties: 10 }),
    ),
    itemSettings: Type.Optional(Type.Record(TemplateId, SubscribeStatus, { maxProperties: 10 })),
  },
  {
    // The legacy shape's top-level {[templateId]: status}.
    additionalProperties: SubscribeStatus,
    propertyNames: TemplateId,
    maxProperties: 16,
    description: "tt.requestSubscribeMessage's success object, v2 or legacy shape, as received",
  },
);
export type SubscribeResult = Static<typeof SubscribeResult> & {
  [templateId: string]: unknown;
};

export const RecordSubscriptionsRequest = Type.Object(
  { result: SubscribeResult },
  {
    additionalProperties: false,
    description:
      "Grants are recorded for the accepted templates that this app configured; other ids and statuses are ignored.",
  },
);
export type RecordSubscriptionsRequest = Static<typeof RecordSubscriptionsRequest>;

/** The user's consent to a template (the same fields as GET /api/me's grants). */
export const SubscriptionGrant = Type.Object(
  {
    templateId: Type.String(),
    kind: Type.Union([Type.Literal("one-time"), Type.Literal("long-term")]),
    credits: Type.Integer({
      description: "one-time: messages that may still be sent; long-term: 0",
    }),
    active: Type.Boolean({ description: "long-term: whether the grant stands" }),
  },
  { title: "SubscriptionGrant" },
);
export type SubscriptionGrant = Static<typeof SubscriptionGrant>;

export const SubscriptionGrants = Type.Object({ grants: Type.Array(SubscriptionGrant) });
export type SubscriptionGrants = Static<typeof SubscriptionGrants>;
