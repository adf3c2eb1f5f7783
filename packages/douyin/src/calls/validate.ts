import { DouyinInputError } from "../errors.ts";

/** Checks of call arguments. Messages name the field, never quote the value. */

export function requireInput(input: unknown, call: string, shape: string): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new DouyinInputError("input", `${call} needs ${shape}`);
  }
  return input as Record<string, unknown>;
}

const VISIBLE = /^[\x21-\x7e]+$/;

/** A token-like identifier: openid, template id, code. */
export function requireId(value: unknown, field: string, maxLength = 256): string {
  if (typeof value !== "string" || value.length > maxLength || !VISIBLE.test(value)) {
    throw new DouyinInputError(
      field,
      `${field} must be a string of 1-${maxLength} visible ASCII characters`,
    );
  }
  return value;
}

export function optionalText(value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > maxLength) {
    throw new DouyinInputError(
      field,
      `${field} must be a string of at most ${maxLength} characters`,
    );
  }
  return value;
}

export function optionalInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new DouyinInputError(field, `${field} must be an integer from ${min} to ${max}`);
  }
  return value as number;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new DouyinInputError(field, `${field} must be a boolean`);
  return value;
}

/** `{keyword: value}` of a subscription message: 1-20 entries, string values. */
export function requireMessageData(value: unknown, field = "data"): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DouyinInputError(field, `${field} must be an object {keyword: text}`);
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > 20) {
    throw new DouyinInputError(field, `${field} must have 1-20 keywords`);
  }
  for (const [key, text] of entries) {
    if (key === "" || typeof text !== "string" || text.length > 1000) {
      throw new DouyinInputError(
        field,
        `${field} values must be strings of at most 1000 characters`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

export function optionalRgb(value: unknown, field: string): Rgb | undefined {
  if (value === undefined) return undefined;
  const color = value as Partial<Rgb> | null;
  const channel = (c: unknown) => Number.isInteger(c) && (c as number) >= 0 && (c as number) <= 255;
  if (
    typeof color !== "object" ||
    color === null ||
    !channel(color.r) ||
    !channel(color.g) ||
    !channel(color.b)
  ) {
    throw new DouyinInputError(field, `${field} must be {r, g, b} with integers 0-255`);
  }
  return { r: color.r as number, g: color.g as number, b: color.b as number };
}
