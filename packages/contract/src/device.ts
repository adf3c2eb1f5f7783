import { type Static, Type } from "typebox";
import { PlainText } from "./text.ts";

const text = (maxLength: number, description?: string) =>
  PlainText({ maxLength, ...(description === undefined ? {} : { description }) });
/** CSS pixels: generous for tablets and foldables, small enough to refuse nonsense. */
const pixels = (description?: string) =>
  Type.Number({
    minimum: 0,
    maximum: 20_000,
    ...(description === undefined ? {} : { description }),
  });

const SafeArea = Type.Object({
  left: pixels(),
  right: pixels(),
  top: pixels(),
  bottom: pixels(),
  width: pixels(),
  height: pixels(),
});

const DeviceScore = Type.Object({
  cpu: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  gpu: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  memory: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  overall: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
});

/**
 * tt.getSystemInfo's success object. The known fields are checked (types, ranges, lengths);
 * unknown fields (errMsg, fields of newer host versions) are dropped, not refused.
 */
export const DeviceReport = Type.Object(
  {
    brand: text(64),
    model: text(128),
    system: text(64, "E.g. iOS 14, Android 13"),
    platform: text(32, "ios, android, devtools…"),
    appName: text(64, "The host app: Douyin, Toutiao, devtools…"),
    version: text(32, "The host app's version"),
    SDKVersion: text(32, "The base library's version"),
    SDKUpdateVersion: Type.Optional(text(32)),
    nativeSDKVersion: Type.Optional(text(32)),
    language: Type.Optional(text(32)),
    pixelRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10 })),
    devicePixelRatio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10 })),
    screenWidth: Type.Optional(pixels()),
    screenHeight: Type.Optional(pixels()),
    windowWidth: Type.Optional(pixels()),
    windowHeight: Type.Optional(pixels()),
    statusBarHeight: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000 })),
    safeArea: Type.Optional(SafeArea),
    fontSizeSetting: Type.Optional(Type.Number({ minimum: 0, maximum: 200 })),
    battery: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "percent" })),
    wifiSignal: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
    deviceScore: Type.Optional(DeviceScore),
  },
  { title: "DeviceReport", description: "tt.getSystemInfo's object; unknown fields are dropped" },
);
export type DeviceReport = Static<typeof DeviceReport>;

/** The newest device report, in short. */
export const DeviceSummary = Type.Object(
  {
    brand: Type.String(),
    model: Type.String(),
    system: Type.String(),
    platform: Type.String(),
    appName: Type.String(),
    version: Type.String(),
    SDKVersion: Type.String(),
    recordedAt: Type.String({ format: "date-time" }),
  },
  { title: "DeviceSummary" },
);
export type DeviceSummary = Static<typeof DeviceSummary>;
