import { type Static, Type } from "typebox";

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

export const MeResponse = Type.Object({ user: User });
export type MeResponse = Static<typeof MeResponse>;
