import { describe, expect, it } from "vitest";
import {
  checkWatermark,
  DouyinInputError,
  DouyinWatermarkError,
  type DouyinWatermarkFailure,
} from "../src/index.ts";

const APPID = "tt_vector_app";
const data = (watermark: unknown) => ({ phoneNumber: "1", watermark });
const NOW = new Date(1_700_000_600_000); // 600 s after the watermark below

function reasonOf(fn: () => unknown): DouyinWatermarkFailure {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DouyinWatermarkError);
    return (error as DouyinWatermarkError).reason;
  }
  throw new Error("expected a DouyinWatermarkError");
}

describe("checkWatermark", () => {
  const watermark = { appid: APPID, timestamp: 1_700_000_000 };

  it("returns the watermark of our app", () => {
    expect(checkWatermark(data(watermark), { appid: APPID })).toEqual(watermark);
  });

  it("refuses another app's data", () => {
    expect(reasonOf(() => checkWatermark(data(watermark), { appid: "tt_other" }))).toBe(
      "foreign-appid",
    );
  });

  it("refuses data older than maxAgeSeconds", () => {
    expect(
      reasonOf(() =>
        checkWatermark(data(watermark), { appid: APPID, maxAgeSeconds: 599, now: NOW }),
      ),
    ).toBe("expired");
    expect(
      checkWatermark(data(watermark), { appid: APPID, maxAgeSeconds: 600, now: NOW.getTime() }),
    ).toEqual(watermark);
  });

  it("has no age limit by default", () => {
    expect(checkWatermark(data({ appid: APPID, timestamp: 1 }), { appid: APPID })).toEqual({
      appid: APPID,
      timestamp: 1,
    });
  });

  it("(?) reads a numeric string and a millisecond timestamp as seconds", () => {
    expect(
      checkWatermark(data({ appid: APPID, timestamp: "1700000000" }), { appid: APPID }),
    ).toEqual(watermark);
    expect(
      checkWatermark(data({ appid: APPID, timestamp: 1_700_000_000_123 }), { appid: APPID }),
    ).toEqual(watermark);
  });

  it.each([
    ["no watermark", { phoneNumber: "1" }],
    ["a null watermark", data(null)],
    ["no appid", data({ timestamp: 1 })],
    ["no timestamp", data({ appid: APPID })],
    ["a negative timestamp", data({ appid: APPID, timestamp: -5 })],
    ["a non-numeric timestamp", data({ appid: APPID, timestamp: "soon" })],
    ["no data", null],
  ])("refuses %s as missing", (_label, value) => {
    expect(reasonOf(() => checkWatermark(value, { appid: APPID }))).toBe("missing");
  });

  it.each([
    ["no check", undefined],
    ["an empty appid", { appid: "" }],
    ["a negative maxAgeSeconds", { appid: APPID, maxAgeSeconds: -1 }],
    ["an invalid Date", { appid: APPID, now: new Date(Number.NaN) }],
    ["a string now", { appid: APPID, now: "2024" }],
  ])("throws DouyinInputError for %s", (_label, check) => {
    expect(() => checkWatermark(data(watermark), check as never)).toThrow(DouyinInputError);
  });
});
