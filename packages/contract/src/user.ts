import { type Static, Type } from "typebox";
import { DeviceSummary } from "./device.ts";
import { Location } from "./location.ts";
import { PhoneSummary } from "./phone.ts";
import { Profile } from "./profile.ts";

export const User = Type.Object(
  {
    id: Type.String({ description: "Our own user id (stable, opaque)" }),
    appid: Type.String(),
    openid: Type.Union([Type.String(), Type.Null()], {
      description: "Douyin openid for this app; null for a guest who has not logged in to Douyin",
    }),
    isGuest: Type.Boolean({ description: "Known only by an anonymous openid" }),
    createdAt: Type.String({ format: "date-time" }),
    lastLoginAt: Type.String({ format: "date-time" }),
  },
  { title: "User" },
);
export type User = Static<typeof User>;

/** A subscription template the user consented to (written by the subscription routes). */
export const MeGrant = Type.Object(
  {
    templateId: Type.String(),
    kind: Type.Union([Type.Literal("one-time"), Type.Literal("long-term")]),
    credits: Type.Integer({ description: "one-time: messages that may still be sent" }),
    active: Type.Boolean({ description: "long-term: whether the consent stands" }),
  },
  { title: "MeGrant" },
);
export type MeGrant = Static<typeof MeGrant>;

export const MeResponse = Type.Object(
  {
    user: User,
    profile: Type.Union([Profile, Type.Null()]),
    phone: Type.Union([PhoneSummary, Type.Null()], { description: "Only ever the masked number" }),
    device: Type.Union([DeviceSummary, Type.Null()], { description: "The newest device report" }),
    location: Type.Union([Location, Type.Null()], { description: "The newest location" }),
    grants: Type.Array(MeGrant),
  },
  { title: "MeResponse" },
);
export type MeResponse = Static<typeof MeResponse>;
