/** A request the emulator refuses with HTTP 400 and `{error: "bad_request", message}`. */
export class InputError extends Error {
  override name = "InputError";
}

export type Fields = Readonly<Record<string, unknown>>;

/** Persona names: what `user` may be on device and control paths. */
export const PERSONA_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** The JSON body as an object; a request without a body counts as `{}`. */
export function bodyFields(body: unknown): Fields {
  if (body === undefined) return {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InputError("the body must be a JSON object");
  }
  return body as Fields;
}

export function rejectUnknownFields(fields: Fields, allowed: readonly string[]): void {
  const unknown = Object.keys(fields).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new InputError(`unknown field(s): ${unknown.join(", ")}; allowed: ${allowed.join(", ")}`);
  }
}

export function optionalString(fields: Fields, key: string, maxLength = 256): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > maxLength) {
    throw new InputError(`${key} must be a string of 1-${maxLength} characters`);
  }
  return value;
}

export function optionalPersona(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !PERSONA_PATTERN.test(value)) {
    throw new InputError(`${key} must be 1-64 characters of A-Z a-z 0-9 _ . -`);
  }
  return value;
}

export function optionalBoolean(fields: Fields, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") throw new InputError(`${key} must be a boolean`);
  return value;
}

export function optionalInteger(
  fields: Fields,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function optionalNumber(
  fields: Fields,
  key: string,
  min: number,
  max: number,
): number | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new InputError(`${key} must be a number from ${min} to ${max}`);
  }
  return value;
}
