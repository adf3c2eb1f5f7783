import { describe, expect, it } from "vitest";
import {
  checkWatermark,
  DouyinDecryptError,
  DouyinInputError,
  DouyinWatermarkError,
  type DouyinWatermarkFailure,
  isDouyinWatermarkError,
} from "../src/index.ts";
import { inputErrorOf } from "./support/failure.ts";

const APPID = "tt_vector_app";
const data = (watermark: unknown) => ({ phoneNumber: "1", watermark });
const NOW = new Date(1_700_000_600_000); // 600 s after the watermark below

function errorOf(fn: () => unknown): DouyinWatermarkError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DouyinWatermarkError);
    return error as DouyinWatermarkError;
  }
  throw new Error("expected a DouyinWatermarkError");
}

function reasonOf(fn: () => unknown): DouyinWatermarkFailure {
  return errorOf(fn).reason;
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
    ["a NaN timestamp", data({ appid: APPID, timestamp: Number.NaN })],
    ["an infinite timestamp", data({ appid: APPID, timestamp: Number.POSITIVE_INFINITY })],
    ["a boolean timestamp", data({ appid: APPID, timestamp: true })],
    ["a null timestamp", data({ appid: APPID, timestamp: null })],
    ["a timestamp in an array", data({ appid: APPID, timestamp: [1_700_000_000] })],
    ["a string timestamp with a leading space", data({ appid: APPID, timestamp: " 1700000000" })],
    ["a string timestamp with a trailing space", data({ appid: APPID, timestamp: "1700000000 " })],
    ["a string timestamp in exponent form", data({ appid: APPID, timestamp: "17e8" })],
    ["a numeric appid", data({ appid: 42, timestamp: 1 })],
    ["no data", null],
    ["undefined data", undefined],
    ["a string instead of data", "watermark"],
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

  it.each<[string, unknown, string, string]>([
    ["no check", null, "check", "checkWatermark needs {appid, maxAgeSeconds?, now?}"],
    ["a string check", APPID, "check", "checkWatermark needs {appid, maxAgeSeconds?, now?}"],
    ["a numeric appid", { appid: 42 }, "appid", "appid must be a non-empty string"],
    ["an empty appid", { appid: "" }, "appid", "appid must be a non-empty string"],
    ...[Number.NaN, Number.POSITIVE_INFINITY, "600", -1].map(
      (maxAgeSeconds): [string, unknown, string, string] => [
        `maxAgeSeconds ${String(maxAgeSeconds)}`,
        { appid: APPID, maxAgeSeconds },
        "maxAgeSeconds",
        "maxAgeSeconds must be a number ≥ 0",
      ],
    ),
    ...[Number.NaN, Number.POSITIVE_INFINITY, "2024", new Date(Number.NaN)].map(
      (now): [string, unknown, string, string] => [
        `now ${String(now)}`,
        { appid: APPID, now },
        "now",
        "now must be a valid Date or milliseconds since the epoch",
      ],
    ),
  ])("names the field at fault for %s", (_label, check, field, message) => {
    const error = inputErrorOf(() => checkWatermark(data(watermark), check as never));
    expect(error).toMatchObject({ field, message });
  });

  it("says why the watermark was refused", () => {
    expect(errorOf(() => checkWatermark({}, { appid: APPID }))).toMatchObject({
      name: "DouyinWatermarkError",
      reason: "missing",
      message: "the decrypted data carries no valid watermark",
    });
    expect(errorOf(() => checkWatermark(data(watermark), { appid: "tt_other" }))).toMatchObject({
      reason: "foreign-appid",
      message: "the data was encrypted for another app",
    });
    expect(
      errorOf(() =>
        checkWatermark(data(watermark), { appid: APPID, maxAgeSeconds: 599, now: NOW }),
      ),
    ).toMatchObject({ reason: "expired", message: "the data's watermark is older than 599 s" });
  });

  it("is told apart by isDouyinWatermarkError", () => {
    const error = errorOf(() => checkWatermark({}, { appid: APPID }));
    expect(isDouyinWatermarkError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(isDouyinWatermarkError(new DouyinDecryptError("malformed-input", "x"))).toBe(false);
    expect(isDouyinWatermarkError(new Error("expired"))).toBe(false);
    expect(isDouyinWatermarkError({ name: "DouyinWatermarkError", reason: "expired" })).toBe(false);
    expect(isDouyinWatermarkError(undefined)).toBe(false);
  });

  it("measures the age against the current time when now is not given", () => {
    const fresh = { appid: APPID, timestamp: Math.floor(Date.now() / 1000) - 5 };
    expect(checkWatermark(data(fresh), { appid: APPID, maxAgeSeconds: 60 })).toEqual(fresh);
    const old = { appid: APPID, timestamp: Math.floor(Date.now() / 1000) - 120 };
    expect(reasonOf(() => checkWatermark(data(old), { appid: APPID, maxAgeSeconds: 60 }))).toBe(
      "expired",
    );
  });

  it("takes maxAgeSeconds 0 as 'this very second'", () => {
    const check = { appid: APPID, maxAgeSeconds: 0 };
    expect(checkWatermark(data(watermark), { ...check, now: 1_700_000_000_999 })).toEqual(
      watermark,
    );
    expect(
      reasonOf(() => checkWatermark(data(watermark), { ...check, now: 1_700_000_001_000 })),
    ).toBe("expired");
  });

  it("(?) reads timestamps from 100 000 000 000 on as milliseconds", () => {
    const read = (timestamp: number) =>
      checkWatermark(data({ appid: APPID, timestamp }), { appid: APPID }).timestamp;
    expect(read(99_999_999_999)).toBe(99_999_999_999);
    expect(read(100_000_000_000)).toBe(100_000_000);
    expect(read(0)).toBe(0);
  });
});
