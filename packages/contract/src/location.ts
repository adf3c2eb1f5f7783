import { type Static, Type } from "typebox";
import { PlainText } from "./text.ts";

const metres = (minimum: number, maximum: number) =>
  Type.Optional(Type.Number({ minimum, maximum, description: "metres" }));

/**
 * tt.getLocation's success object, plus the coordinate system it was asked for (`type`); unknown
 * fields (errMsg…) are dropped, not refused.
 */
export const LocationReport = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    coordType: Type.Optional(
      Type.Union([Type.Literal("wgs84"), Type.Literal("gcj02")], {
        default: "wgs84",
        description: "The `type` passed to tt.getLocation (default wgs84)",
      }),
    ),
    accuracy: metres(0, 100_000),
    altitude: metres(-1_000, 20_000),
    verticalAccuracy: metres(0, 100_000),
    horizontalAccuracy: metres(0, 100_000),
    speed: Type.Optional(
      Type.Number({ minimum: -1, maximum: 1_000, description: "m/s; -1 when unknown" }),
    ),
    city: Type.Optional(PlainText({ maxLength: 64 })),
  },
  { title: "LocationReport", description: "tt.getLocation's object; unknown fields are dropped" },
);
export type LocationReport = Static<typeof LocationReport>;

export const Location = Type.Object(
  {
    latitude: Type.Number(),
    longitude: Type.Number(),
    coordType: Type.Union([Type.Literal("wgs84"), Type.Literal("gcj02")]),
    accuracy: Type.Optional(Type.Number()),
    altitude: Type.Optional(Type.Number()),
    verticalAccuracy: Type.Optional(Type.Number()),
    horizontalAccuracy: Type.Optional(Type.Number()),
    speed: Type.Optional(Type.Number()),
    city: Type.Optional(Type.String()),
    recordedAt: Type.String({ format: "date-time" }),
  },
  { title: "Location" },
);
export type Location = Static<typeof Location>;
