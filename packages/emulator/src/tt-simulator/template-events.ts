import { readFileSync } from "node:fs";

/** One start tag of a page template, with the attributes the simulator cares about. */
export interface TemplateElement {
  tag: string;
  /** open-type="getPhoneNumber" and the like: what a <button> does natively when tapped. */
  openType: string | undefined;
  /** Event type → handler name, from bindtap="onRetry", catchtap="…", bind:tap="…". */
  bindings: Map<string, string>;
}

export interface PageTemplate {
  elements: TemplateElement[];
  /** Event type → every handler name bound to it. */
  events: Map<string, Set<string>>;
}

// A start tag whose quoted attribute values may hold ">" ({{a > b}}).
const startTag =
  /<([a-zA-Z][\w-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?)*)\s*\/?>/g;
const attributePattern = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+)))?/g;
const eventAttribute = /^(?:capture-)?(?:bind|catch):?([a-z]+)$/;

/** Reads a page's .ttml: its elements' event bindings (handlers given as {{expressions}} skipped). */
export function readTemplate(ttmlFile: string): PageTemplate {
  const source = readFileSync(ttmlFile, "utf8").replace(/<!--[\s\S]*?-->/g, "");
  const elements: TemplateElement[] = [];
  const events = new Map<string, Set<string>>();
  for (const [, tag = "", attributes = ""] of source.matchAll(startTag)) {
    const element: TemplateElement = { tag, openType: undefined, bindings: new Map() };
    for (const [, name = "", ...values] of attributes.matchAll(attributePattern)) {
      const value = (values.find((candidate) => candidate !== undefined) ?? "").trim();
      if (name === "open-type") element.openType = value;
      const event = eventAttribute.exec(name)?.[1];
      if (!event || !value || value.includes("{{")) continue;
      element.bindings.set(event, value);
      const handlers = events.get(event) ?? new Set<string>();
      handlers.add(value);
      events.set(event, handlers);
    }
    elements.push(element);
  }
  return { elements, events };
}
