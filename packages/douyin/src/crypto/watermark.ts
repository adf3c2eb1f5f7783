import { DouyinInputError } from "../errors.ts";
import { DouyinWatermarkError } from "./errors.ts";

export interface Watermark {
  readonly appid: string;
  /** Unix time in seconds when the platform encrypted the data. */
  readonly timestamp: number;
}

export interface WatermarkCheck {
  /** Our appid: data decrypted for any other app is refused. */
  readonly appid: string;
  /** Refuse data whose watermark is older than this. Default: no age limit. */
  readonly maxAgeSeconds?: number;
  /** Default: the current time. A Date, or milliseconds since the epoch. */
  readonly now?: Date | number;
}

/** Above this a "seconds" timestamp would be after the year 5000: it must be milliseconds. */
const MILLISECONDS_THRESHOLD = 100_000_000_000;

/**
 * Checks the `watermark` of decrypted data (user profile, phone number) and returns it.
 * Throws DouyinWatermarkError: "missing", "foreign-appid" or "expired".
 * (?) The documentation gives `timestamp` in seconds, like WeChat's; a value large enough to be
 * milliseconds is read as milliseconds, and a numeric string is accepted, in case it is sent so.
 */
export function checkWatermark(data: unknown, check: WatermarkCheck): Watermark {
  const { appid, maxAgeSeconds = Number.POSITIVE_INFINITY, now } = readCheck(check);
  const watermark = readWatermark(data);
  if (watermark === undefined) {
    throw new DouyinWatermarkError("missing", "the decrypted data carries no valid watermark");
  }
  if (watermark.appid !== appid) {
    throw new DouyinWatermarkError("foreign-appid", "the data was encrypted for another app");
  }
  if (nowSeconds(now) - watermark.timestamp > maxAgeSeconds) {
    throw new DouyinWatermarkError(
      "expired",
      `the data's watermark is older than ${maxAgeSeconds} s`,
    );
  }
  return watermark;
}

function readCheck(check: WatermarkCheck): WatermarkCheck {
  if (typeof check !== "object" || check === null) {
    throw new DouyinInputError("check", "checkWatermark needs {appid, maxAgeSeconds?, now?}");
  }
  const { appid, maxAgeSeconds, now } = check;
  if (typeof appid !== "string" || appid === "") {
    throw new DouyinInputError("appid", "appid must be a non-empty string");
  }
  if (maxAgeSeconds !== undefined && (!Number.isFinite(maxAgeSeconds) || maxAgeSeconds < 0)) {
    throw new DouyinInputError("maxAgeSeconds", "maxAgeSeconds must be a number ≥ 0");
  }
  if (
    now !== undefined &&
    !(now instanceof Date && Number.isFinite(now.getTime())) &&
    !Number.isFinite(now)
  ) {
    throw new DouyinInputError("now", "now must be a valid Date or milliseconds since the epoch");
  }
  return check;
}

/** The watermark of decrypted data, normalised; undefined when absent or malformed. */
export function readWatermark(data: unknown): Watermark | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const watermark = (data as { watermark?: unknown }).watermark;
  if (typeof watermark !== "object" || watermark === null) return undefined;
  const { appid, timestamp } = watermark as Record<string, unknown>;
  const seconds = toSeconds(timestamp);
  if (typeof appid !== "string" || seconds === undefined) return undefined;
  return { appid, timestamp: seconds };
}

function toSeconds(value: unknown): number | undefined {
  const number =
    typeof value === "string" && /^\d+$/.test(value) ? Number(value) : (value as number);
  if (!Number.isFinite(number) || number < 0) return undefined;
  return number >= MILLISECONDS_THRESHOLD ? Math.floor(number / 1000) : number;
}

function nowSeconds(now: Date | number | undefined): number {
  const ms = now === undefined ? Date.now() : now instanceof Date ? now.getTime() : now;
  return Math.floor(ms / 1000);
}
