/** A mistake in an expression, at `offset` in the expression's text. */
export class ExpressionSyntaxError extends Error {
  override readonly name = "ExpressionSyntaxError";
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

export type Token =
  | { kind: "number"; value: number; text: string; start: number }
  | { kind: "string"; value: string; text: string; start: number }
  | { kind: "name"; value: string; text: string; start: number }
  | { kind: "punct"; value: string; text: string; start: number }
  | { kind: "end"; value: ""; text: ""; start: number };

// Longest first. Parentheses and braces are tokens so that the parser can say why they are refused.
const punctuators = [
  "===",
  "!==",
  "...",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  ".",
  "[",
  "]",
  "?",
  ":",
  ",",
  "!",
  "+",
  "-",
  "*",
  "/",
  "%",
  "<",
  ">",
  "(",
  ")",
  "{",
  "}",
];

const escapes: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  "0": "\0",
};

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    const char = text[position] ?? "";
    if (/\s/.test(char)) {
      position++;
      continue;
    }
    const start = position;
    const number = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(text.slice(position));
    if (number) {
      const after = text[position + number[0].length] ?? "";
      if (/[\w$]/.test(after)) {
        throw new ExpressionSyntaxError(`invalid number "${number[0]}${after}"`, start);
      }
      tokens.push({ kind: "number", value: Number(number[0]), text: number[0], start });
      position += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(text.slice(position));
    if (name) {
      tokens.push({ kind: "name", value: name[0], text: name[0], start });
      position += name[0].length;
      continue;
    }
    if (char === "'" || char === '"') {
      const [value, end] = readString(text, position);
      tokens.push({ kind: "string", value, text: text.slice(start, end), start });
      position = end;
      continue;
    }
    const punct = punctuators.find((candidate) => text.startsWith(candidate, position));
    if (punct === undefined) {
      throw new ExpressionSyntaxError(`unexpected character "${char}"`, start);
    }
    tokens.push({ kind: "punct", value: punct, text: punct, start });
    position += punct.length;
  }
  tokens.push({ kind: "end", value: "", text: "", start: text.trimEnd().length });
  return tokens;
}

/** Reads the string literal starting at `start` (a quote); returns its value and the end offset. */
function readString(text: string, start: number): [string, number] {
  const quote = text[start];
  let value = "";
  let position = start + 1;
  while (position < text.length) {
    const char = text[position] ?? "";
    if (char === quote) return [value, position + 1];
    if (char === "\n") break;
    if (char === "\\") {
      const next = text[position + 1] ?? "";
      if (next === "u") {
        const hex = /^[0-9a-fA-F]{4}/.exec(text.slice(position + 2));
        if (!hex) throw new ExpressionSyntaxError("invalid \\u escape in a string", position);
        value += String.fromCharCode(Number.parseInt(hex[0], 16));
        position += 6;
        continue;
      }
      value += escapes[next] ?? next;
      position += 2;
      continue;
    }
    value += char;
    position++;
  }
  throw new ExpressionSyntaxError("unterminated string", start);
}
