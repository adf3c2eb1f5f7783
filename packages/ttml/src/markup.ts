import { TtmlError } from "./errors.ts";
import { findClose } from "./mustache.ts";
import { locate, type SourceFile } from "./source.ts";

export interface RawAttribute {
  name: string;
  /** undefined for a bare attribute (`<input disabled>`). */
  value: string | undefined;
  nameStart: number;
  /** Offset of the value's first character (inside the quotes). */
  valueStart: number;
}

export interface RawElement {
  type: "element";
  tag: string;
  attributes: RawAttribute[];
  children: RawNode[];
  start: number;
}

export interface RawText {
  type: "text";
  text: string;
  start: number;
}

export type RawNode = RawElement | RawText;

const tagName = /[A-Za-z][\w:-]*/y;
const attributeName = /[^\s"'<>/=]+/y;
const unquotedValue = /[^\s"'<>=`]+/y;
const space = /\s*/y;

/**
 * Reads a TTML file into an element tree, as strictly as Douyin's compiler: every start tag is
 * closed (`</x>`) or self-closed (`<x/>`), tags nest properly, attributes are not repeated,
 * comments are closed. A `<` in text must start a tag (`{{ a < b }}` is fine: text inside a
 * mustache is skipped). Throws a TtmlError at the first structural mistake.
 */
export function parseMarkup(source: SourceFile): RawElement {
  const { text } = source;
  const error = (offset: number, reason: string) => new TtmlError(locate(source, offset), reason);
  const root: RawElement = {
    type: "element",
    tag: "#root",
    attributes: [],
    children: [],
    start: 0,
  };
  const stack: RawElement[] = [root];
  let position = 0;

  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    const found = pattern.exec(text);
    if (!found) return undefined;
    position += found[0].length;
    return found[0];
  };

  while (position < text.length) {
    const parent = stack.at(-1) as RawElement;
    if (text.startsWith("<!--", position)) {
      const end = text.indexOf("-->", position + 4);
      if (end === -1) throw error(position, 'unclosed comment: "<!--" without "-->"');
      position = end + 3;
      continue;
    }
    if (text.startsWith("</", position)) {
      const start = position;
      position += 2;
      const name = match(tagName);
      if (name === undefined) throw error(start, 'a "</" not followed by a tag name');
      match(space);
      if (text[position] !== ">") throw error(start, `the end tag </${name}> has no ">"`);
      position++;
      if (parent === root) {
        throw error(start, `</${name}> closes nothing: there is no open <${name}>`);
      }
      if (parent.tag !== name) {
        throw error(
          start,
          `</${name}> does not close <${parent.tag}> (opened at ${source.where(parent.start)}): tags must nest`,
        );
      }
      stack.pop();
      continue;
    }
    if (text[position] === "<") {
      const start = position;
      position++;
      const name = match(tagName);
      if (name === undefined) {
        throw error(start, 'a "<" that does not start a tag: write it inside {{ }} or as "&lt;"');
      }
      const element: RawElement = {
        type: "element",
        tag: name,
        attributes: [],
        children: [],
        start,
      };
      let selfClosing = false;
      for (;;) {
        const spaced = match(space) !== "";
        if (position >= text.length)
          throw error(start, `the start tag <${name}> is never ended by ">"`);
        if (text.startsWith("/>", position)) {
          position += 2;
          selfClosing = true;
          break;
        }
        if (text[position] === ">") {
          position++;
          break;
        }
        const nameStart = position;
        const attribute = spaced ? match(attributeName) : undefined;
        if (attribute === undefined) {
          throw error(position, `unexpected "${text[position]}" in the start tag <${name}>`);
        }
        if (element.attributes.some((existing) => existing.name === attribute)) {
          throw error(nameStart, `<${name}> has the attribute "${attribute}" twice`);
        }
        match(space);
        let value: string | undefined;
        let valueStart = nameStart;
        if (text[position] === "=") {
          position++;
          match(space);
          const quote = text[position];
          if (quote === '"' || quote === "'") {
            const end = text.indexOf(quote, position + 1);
            if (end === -1)
              throw error(position, `the value of "${attribute}" has no closing ${quote}`);
            valueStart = position + 1;
            value = text.slice(valueStart, end);
            position = end + 1;
          } else {
            valueStart = position;
            value = match(unquotedValue);
            if (value === undefined) throw error(position, `"${attribute}=" has no value`);
          }
        } else {
          // No "=": a bare attribute; step back so that the next round sees the spacing.
          position = nameStart + attribute.length;
        }
        element.attributes.push({ name: attribute, value, nameStart, valueStart });
      }
      parent.children.push(element);
      if (!selfClosing) stack.push(element);
      continue;
    }
    const start = position;
    position = textEnd(text, position);
    parent.children.push({ type: "text", text: text.slice(start, position), start });
  }
  const unclosed = stack.at(-1) as RawElement;
  if (unclosed !== root) {
    throw error(
      unclosed.start,
      `<${unclosed.tag}> is never closed: add </${unclosed.tag}> or write <${unclosed.tag} />`,
    );
  }
  return root;
}

/** Where the text starting at `from` ends: the next "<" that is not inside a `{{ }}`. */
function textEnd(text: string, from: number): number {
  let position = from;
  while (position < text.length) {
    const tag = text.indexOf("<", position);
    const open = text.indexOf("{{", position);
    if (tag === -1) return text.length;
    if (open === -1 || tag < open) return tag;
    const close = findClose(text, open + 2, true);
    // An unclosed "{{" is reported when the text is compiled; here it is just text.
    position = close === undefined ? open + 2 : close + 2;
  }
  return text.length;
}
