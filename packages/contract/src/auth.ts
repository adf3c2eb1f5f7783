import { type Static, Type } from "typebox";
import { User } from "./user.ts";

/** Douyin's login codes are opaque printable ASCII; real ones are about 100 characters. */
const loginCode = (description: string) =>
  Type.String({ minLength: 1, maxLength: 512, pattern: "^[\\x21-\\x7E]+$", description });
const OpaqueToken = Type.String({ minLength: 1, maxLength: 256 });

export const LoginRequest = Type.Object(
  {
    code: Type.Optional(loginCode("tt.login's code")),
    anonymousCode: Type.Optional(loginCode("tt.login's anonymousCode")),
  },
  {
    additionalProperties: false,
    description:
      "At least one of code and anonymousCode. anonymousCode alone logs in a guest. In Douyin " +
      "Cloud mode both are optional: the gateway's caller headers say who logs in, and a code " +
      "only brings the session key that encrypted user data needs.",
  },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const Session = Type.Object({
  accessToken: Type.String({ description: "Bearer token for Authorization headers (short-lived)" }),
  refreshToken: Type.String({ description: "Opaque, single-use: exchange at /api/auth/refresh" }),
  expiresIn: Type.Integer({ description: "Seconds until accessToken expires" }),
  tokenType: Type.Literal("Bearer"),
  user: User,
});
export type Session = Static<typeof Session>;

export const RefreshRequest = Type.Object(
  { refreshToken: OpaqueToken },
  { additionalProperties: false },
);
export type RefreshRequest = Static<typeof RefreshRequest>;

export const LogoutRequest = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: "End the session this refresh token belongs to instead (if it is the user's)",
      }),
    ),
    allSessions: Type.Optional(
      Type.Boolean({ description: "true: end every session of the user, on every device" }),
    ),
  },
  {
    additionalProperties: false,
    description:
      "Optional. No body or {}: end this session (the access token's). " +
      '{"allSessions":true}: end every session of the user. ' +
      '{"refreshToken":"…"}: end the session that refresh token belongs to. Not both.',
  },
);
export type LogoutRequest = Static<typeof LogoutRequest>;
