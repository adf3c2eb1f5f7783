import { type Static, Type } from "typebox";
import { SubscriptionGrant } from "./subscriptions.ts";

/** The header that carries ADMIN_API_KEY on /api/admin/* routes. */
export const AdminKeyHeader = "x-admin-key";

export const AdminUsersQuery = Type.Object(
  {
    openid: Type.Optional(
      Type.String({ minLength: 1, maxLength: 256, pattern: "^[\\x21-\\x7E]+$" }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        pattern: "^[\\w-]+$",
        description: "nextCursor of the previous page",
      }),
    ),
    limit: Type.Optional(
      Type.String({ pattern: "^(100|[1-9][0-9]?)$", description: "1-100 users, default 20" }),
    ),
  },
  { additionalProperties: false },
);
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

export const AdminUser = Type.Object(
  {
    id: Type.String(),
    appid: Type.String(),
    openid: Type.Union([Type.String(), Type.Null()]),
    isGuest: Type.Boolean(),
    createdAt: Type.String({ format: "date-time" }),
    lastLoginAt: Type.String({ format: "date-time" }),
    phoneMasked: Type.Union([Type.String(), Type.Null()], {
      description: "The verified phone number, masked (never the number itself)",
    }),
    grants: Type.Array(SubscriptionGrant),
  },
  { title: "AdminUser" },
);
export type AdminUser = Static<typeof AdminUser>;

export const AdminUsersPage = Type.Object({
  users: Type.Array(AdminUser),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: "Pass as cursor for the next page; null on the last page",
  }),
});
export type AdminUsersPage = Static<typeof AdminUsersPage>;
