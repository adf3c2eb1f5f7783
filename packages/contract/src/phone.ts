import { type Static, Type } from "typebox";

const ignored = { maxLength: 256, description: "Accepted and ignored" };

/** The getPhoneNumber button's old `detail`: encrypted with the session key. */
export const PhoneEncryptedRequest = Type.Object(
  {
    encryptedData: Type.String({
      minLength: 1,
      maxLength: 16384,
      description: "base64: the phone JSON and a watermark, AES-128-CBC under the session key",
    }),
    iv: Type.String({ minLength: 1, maxLength: 64, description: "base64 of 16 bytes" }),
    errMsg: Type.Optional(Type.String(ignored)),
    cloudId: Type.Optional(Type.String(ignored)),
  },
  { additionalProperties: false, title: "PhoneEncryptedRequest" },
);

/** The getPhoneNumber button's new `detail` (base library ≥ 3.51.0): a single-use code. */
export const PhoneCodeRequest = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 512,
      pattern: "^[\\x21-\\x7E]+$",
      description: "detail.code: single use, valid 5 minutes",
    }),
    errMsg: Type.Optional(Type.String(ignored)),
  },
  { additionalProperties: false, title: "PhoneCodeRequest" },
);

export const PhoneUpdateRequest = Type.Union([PhoneEncryptedRequest, PhoneCodeRequest], {
  description:
    "Either {encryptedData, iv} (log in before the tap: a later tt.login breaks decryption) or {code}.",
});
export type PhoneUpdateRequest = Static<typeof PhoneUpdateRequest>;

/** What the API shows of a phone number: never the number itself. */
export const PhoneSummary = Type.Object(
  {
    masked: Type.String({ description: "E.g. 138****5678" }),
    countryCode: Type.String({ description: "E.g. 86" }),
    verifiedAt: Type.String({ format: "date-time" }),
  },
  { title: "PhoneSummary" },
);
export type PhoneSummary = Static<typeof PhoneSummary>;
