import { type Static, Type } from "typebox";
import { PlainText } from "./text.ts";

/** Required fields need a non-blank character; blanks are trimmed and collapsed when stored. */
const field = (minLength: number, maxLength: number) =>
  PlainText({ minLength, maxLength, nonBlank: minLength > 0 });

/** tt.chooseAddress's success object, posted as the mini-program got it. */
export const AddressReport = Type.Object(
  {
    userName: field(1, 64),
    provinceName: field(1, 64),
    cityName: field(1, 64),
    countyName: field(0, 64),
    detailInfo: field(1, 256),
    telNumber: Type.String({
      minLength: 5,
      maxLength: 32,
      pattern: "^\\s*\\+?[0-9][0-9 ()-]*[0-9]\\s*$",
      description: "Digits, with an optional leading + and spaces, dashes or brackets",
    }),
    postalCode: Type.Optional(Type.String({ maxLength: 16, pattern: "^[0-9A-Za-z -]*$" })),
    nationalCode: Type.Optional(PlainText({ maxLength: 16, description: "Accepted and ignored" })),
    errMsg: Type.Optional(PlainText({ maxLength: 256, description: "Accepted and ignored" })),
  },
  { additionalProperties: false, title: "AddressReport" },
);
export type AddressReport = Static<typeof AddressReport>;

export const AddressEntry = Type.Object(
  {
    id: Type.String(),
    userName: Type.String(),
    provinceName: Type.String(),
    cityName: Type.String(),
    countyName: Type.String(),
    detailInfo: Type.String(),
    postalCode: Type.Optional(Type.String()),
    telMasked: Type.String({ description: "E.g. 138****5678: the number itself is never shown" }),
    createdAt: Type.String({ format: "date-time" }),
    lastUsedAt: Type.String({ format: "date-time" }),
  },
  { title: "AddressEntry" },
);
export type AddressEntry = Static<typeof AddressEntry>;

/** The user's distinct addresses, most recently used first. */
export const AddressBook = Type.Object(
  { addresses: Type.Array(AddressEntry) },
  { title: "AddressBook" },
);
export type AddressBook = Static<typeof AddressBook>;
