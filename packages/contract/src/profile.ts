import { type Static, Type } from "typebox";

/** tt.getUserProfile's (or tt.getUserInfo's) success object, posted as the mini-program got it. */
export const ProfileUpdateRequest = Type.Object(
  {
    rawData: Type.String({
      minLength: 2,
      maxLength: 8192,
      description: "JSON of the public profile, exactly as received (it is what signature signs)",
    }),
    signature: Type.String({
      pattern: "^[0-9a-fA-F]{40}$",
      description: "sha1_hex(rawData + session_key)",
    }),
    encryptedData: Type.String({
      minLength: 1,
      maxLength: 16384,
      description: "base64: the profile and a watermark, AES-128-CBC under the session key",
    }),
    iv: Type.String({ minLength: 1, maxLength: 64, description: "base64 of 16 bytes" }),
    userInfo: Type.Optional(
      Type.Object(
        {},
        { description: "Accepted and ignored: the profile is read from encryptedData" },
      ),
    ),
    errMsg: Type.Optional(Type.String({ maxLength: 256, description: "Accepted and ignored" })),
  },
  {
    additionalProperties: false,
    description:
      "Log in (tt.login → /api/auth/login) before calling tt.getUserProfile: a later tt.login rotates the session key and the data can no longer be read (401 SESSION_EXPIRED).",
  },
);
export type ProfileUpdateRequest = Static<typeof ProfileUpdateRequest>;

export const Profile = Type.Object(
  {
    nickname: Type.String(),
    avatarUrl: Type.String({ description: "https URL" }),
    gender: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)], {
      description: "0 unknown, 1 male, 2 female",
    }),
    city: Type.String(),
    province: Type.String(),
    country: Type.String(),
    language: Type.String(),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { title: "Profile", description: "The public profile the user disclosed, signature checked" },
);
export type Profile = Static<typeof Profile>;
