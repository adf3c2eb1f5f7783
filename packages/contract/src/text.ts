import { Type } from "typebox";

/**
 * Characters no free text from a client may hold: C0 and C1 controls (NUL, ESC, CR, LF, TAB…),
 * DEL, the line and paragraph separators, and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that make text display otherwise than it reads. As a character
 * class body, for JSON Schema patterns (ECMAScript with the u flag).
 */
export const ForbiddenTextCharacters =
  "\\u0000-\\u001F\\u007F-\\u009F\\u2028-\\u202E\\u2066-\\u2069";

/** A pattern for text of `min`–`max` characters with none of ForbiddenTextCharacters. */
export function plainTextPattern(options: { nonBlank?: boolean; min?: number; max?: number } = {}) {
  const { nonBlank = false, min, max } = options;
  const count = min === undefined && max === undefined ? "*" : `{${min ?? 0},${max ?? ""}}`;
  return `^${nonBlank ? "(?=.*\\S)" : ""}[^${ForbiddenTextCharacters}]${count}$`;
}

/** A string schema for free text: no control or bidirectional formatting characters. */
export function PlainText(options: {
  maxLength: number;
  minLength?: number;
  /** At least one character that is not white space. */
  nonBlank?: boolean;
  description?: string;
}) {
  const { maxLength, minLength, nonBlank, description } = options;
  return Type.String({
    maxLength,
    ...(minLength === undefined ? {} : { minLength }),
    pattern: plainTextPattern({ nonBlank: nonBlank ?? false }),
    ...(description === undefined ? {} : { description }),
  });
}
