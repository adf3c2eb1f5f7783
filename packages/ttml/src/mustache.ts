/** A piece of text or attribute value: literal text, or the inside of one `{{ }}`. */
export type MustachePart =
  | { kind: "text"; text: string; start: number }
  | { kind: "mustache"; source: string; start: number };

export class MustacheError extends Error {
  override readonly name = "MustacheError";
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/**
 * Splits `text` (which starts at `offset` in its file) into literal text and `{{ }}` contents.
 * A `}}` inside a quoted string does not close the mustache. Throws on an unclosed `{{`.
 */
export function splitMustaches(text: string, offset = 0): MustachePart[] {
  const parts: MustachePart[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open === -1) {
      parts.push({ kind: "text", text: text.slice(position), start: offset + position });
      break;
    }
    if (open > position) {
      parts.push({ kind: "text", text: text.slice(position, open), start: offset + position });
    }
    const close = findClose(text, open + 2, true) ?? findClose(text, open + 2, false);
    if (close === undefined) {
      throw new MustacheError('unclosed "{{": no "}}" after it', offset + open);
    }
    const source = text.slice(open + 2, close);
    parts.push({ kind: "mustache", source, start: offset + open + 2 });
    position = close + 2;
  }
  return parts;
}

/** Where a mustache whose contents start at `from` ends, or undefined if it never does. */
export function findClose(text: string, from: number, respectQuotes: boolean): number | undefined {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === "\\") i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (respectQuotes && (char === "'" || char === '"')) quote = char;
    else if (char === "}" && text[i + 1] === "}") return i;
  }
  return undefined;
}
