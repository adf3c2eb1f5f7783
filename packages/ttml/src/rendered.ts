import { DISABLEABLE } from "./components.ts";
import type { RenderedElement, RenderedNode } from "./render.ts";

/** Every element under `root` (itself included), depth first, in document order. */
export function* elementsOf(root: RenderedElement): Generator<RenderedElement> {
  yield root;
  for (const child of root.children) {
    if (child.type === "element") yield* elementsOf(child);
  }
}

/** Shown on screen: neither it nor an ancestor is `hidden`. */
export function isShown(element: RenderedElement): boolean {
  for (let current: RenderedElement | undefined = element; current; current = current.parent) {
    if (current.hidden) return false;
  }
  return true;
}

/** A button, input… whose `disabled` is true: it takes no tap. */
export function isDisabled(element: RenderedElement): boolean {
  return DISABLEABLE.has(element.tag) && Boolean(element.attributes.disabled);
}

/** The text a node shows, its descendants' included, with white space collapsed. */
export function textOf(node: RenderedNode): string {
  return collapse(pieces(node).join(" "));
}

function pieces(node: RenderedNode): string[] {
  if (node.type === "text") return [node.text];
  if (node.hidden) return [];
  return node.children.flatMap(pieces);
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Attributes worth a mention in the text tree, besides the handlers and disabled. */
const shownAttributes: Record<string, readonly string[]> = {
  button: ["open-type", "loading", "form-type"],
  navigator: ["url", "open-type"],
  image: ["src"],
  input: ["value", "placeholder", "type"],
  textarea: ["value", "placeholder"],
  switch: ["checked"],
  checkbox: ["checked", "value"],
  radio: ["checked", "value"],
};

/**
 * What the page shows, as an indented text tree: one element per line with the text it holds
 * directly, and in brackets its handlers, `disabled` and a few telling attributes. Hidden
 * elements are left out. For example:
 *
 *     view
 *       text "Signed in"
 *       button "Log out" [bindtap=onLogout, disabled]
 */
export function formatRendered(root: RenderedElement): string {
  const lines: string[] = [];
  const visit = (element: RenderedElement, depth: number) => {
    const indent = "  ".repeat(depth);
    const onlyText = element.children.every((child) => child.type === "text");
    const notes = element.events.map((event) => `${event.attribute}=${event.handler}`);
    if (isDisabled(element)) notes.push("disabled");
    for (const name of shownAttributes[element.tag] ?? []) {
      const value = element.attributes[name];
      if (value === undefined || value === false || value === "") continue;
      notes.push(value === true ? name : `${name}=${String(value)}`);
    }
    const text = onlyText ? textOf(element) : "";
    lines.push(
      `${indent}${element.tag}${text ? ` ${JSON.stringify(text)}` : ""}${notes.length > 0 ? ` [${notes.join(", ")}]` : ""}`,
    );
    if (onlyText) return;
    for (const child of element.children) {
      if (child.type === "element") {
        if (!child.hidden) visit(child, depth + 1);
        continue;
      }
      const line = collapse(child.text);
      if (line !== "") lines.push(`${indent}  ${JSON.stringify(line)}`);
    }
  };
  for (const child of root.children) {
    if (child.type === "element") {
      if (!child.hidden) visit(child, 0);
    } else if (collapse(child.text) !== "") {
      lines.push(JSON.stringify(collapse(child.text)));
    }
  }
  return lines.join("\n");
}
