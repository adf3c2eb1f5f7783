import type { Static, TObject, TSchema } from "typebox";

function isObjectSchema(schema: TSchema): schema is TObject {
  const { type, properties } = schema as { type?: unknown; properties?: unknown };
  return type === "object" && typeof properties === "object" && properties !== null;
}

/**
 * The fields of an already validated value that its object schema declares, recursively: for
 * reports whose unknown fields are dropped rather than refused (newer host versions add fields).
 */
export function knownFields<T extends TObject>(schema: T, value: Static<T>): Static<T> {
  return pick(schema, value as Record<string, unknown>) as Static<T>;
}

function pick(schema: TObject, value: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    if (!Object.hasOwn(value, key) || value[key] === undefined) continue;
    const field = value[key];
    picked[key] =
      isObjectSchema(property) && typeof field === "object" && field !== null
        ? pick(property, field as Record<string, unknown>)
        : field;
  }
  return picked;
}

/**
 * `now`, or a millisecond after the previous entry if that is not earlier: a user's entries keep
 * the order they arrived in even within one millisecond (or when the clock steps back), so
 * "newest first" and "keep the newest N" are well defined.
 */
export function arrivalTime(previous: Date | undefined, now: Date): Date {
  return previous && previous.getTime() >= now.getTime() ? new Date(previous.getTime() + 1) : now;
}
