import { type Static, Type } from "typebox";
import { DeviceSummary } from "./device.ts";
import { Location } from "./location.ts";
import { PhoneSummary } from "./phone.ts";
import { Profile } from "./profile.ts";
import { SubscriptionGrant } from "./subscriptions.ts";

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

/** A subscription template the user consented to: the grants of GET /api/me. */
export const MeGrant = SubscriptionGrant;
export type MeGrant = SubscriptionGrant;

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
