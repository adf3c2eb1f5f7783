import type {
  CompiledElement,
  CompiledExpression,
  CompiledNode,
  CompiledTemplate,
  EventPhase,
  ValueTemplate,
} from "./compiled.ts";
import { TtmlRenderError } from "./errors.ts";
import { EvaluationError, evaluate, kindOf, Scope } from "./expression/evaluate.ts";
import type { LinkedTemplate } from "./link.ts";
import { type Location, locate } from "./source.ts";

export interface RenderedEvent {
  event: string;
  phase: EventPhase;
  /** As written: "bindtap", "catch:tap"… */
  attribute: string;
  /** The method it calls (a dynamic `{{handler}}` evaluated). */
  handler: string;
}

/** An element as the page shows it now. */
export interface RenderedElement {
  type: "element";
  tag: string;
  location: Location;
  /** Attribute values, evaluated (a bare attribute is `true`); data-* are in `dataset`. */
  attributes: Record<string, unknown>;
  /** data-user-id="{{id}}" → { userId: … }, what an event's target.dataset holds. */
  dataset: Record<string, unknown>;
  events: RenderedEvent[];
  /** Its own `hidden` is true (an ancestor's hides it too: see isShown). */
  hidden: boolean;
  children: RenderedNode[];
  parent: RenderedElement | undefined;
}

export interface RenderedText {
  type: "text";
  text: string;
  parent: RenderedElement;
}

export type RenderedNode = RenderedElement | RenderedText;

/**
 * Renders a page's template against its data, as the runtime would, and strictly (see
 * `evaluate`): tt:if/tt:elif/tt:else, tt:for (with tt:for-item, tt:for-index, tt:key), `{{ }}`
 * in text and attributes, `hidden`, `<block>`, `<template is>`, `<include>`. A branch that is not
 * rendered is not evaluated. Throws a TtmlRenderError naming the file and line of the first
 * expression that reads what is not there.
 */
export function renderTemplate(
  linked: LinkedTemplate,
  data: Readonly<Record<string, unknown>>,
): RenderedElement {
  const root: RenderedElement = {
    type: "element",
    tag: "page",
    location: { file: linked.main.file, line: 1, column: 1 },
    attributes: {},
    dataset: {},
    events: [],
    hidden: false,
    children: [],
    parent: undefined,
  };
  new Renderer(linked).nodes(
    linked.main.nodes,
    linked.main,
    new Scope(data, "the page's data"),
    root,
  );
  return root;
}

class Renderer {
  readonly #linked: LinkedTemplate;

  constructor(linked: LinkedTemplate) {
    this.#linked = linked;
  }

  nodes(
    nodes: readonly CompiledNode[],
    file: CompiledTemplate,
    scope: Scope,
    parent: RenderedElement,
  ): void {
    // Whether a tt:if or tt:elif of the current chain has rendered (then its tt:elif/tt:else do not).
    let chainTaken = false;
    for (const node of nodes) {
      if (node.type === "text") {
        const text = display(this.#value(node.value, file, scope));
        if (text !== "") parent.children.push({ type: "text", text, parent });
        continue;
      }
      const condition = node.condition;
      if (condition?.kind === "elif" || condition?.kind === "else") {
        if (chainTaken) continue;
      } else {
        chainTaken = false;
      }
      if (node.loop) {
        const rendered = this.#loop(node, file, scope, parent);
        if (condition) chainTaken ||= rendered;
        continue;
      }
      if (condition && condition.kind !== "else" && !this.#evaluate(condition.test, file, scope)) {
        continue;
      }
      if (condition) chainTaken = true;
      this.#element(node, file, scope, parent);
    }
  }

  /** Renders each item; tt:if on the same element is tested per item. True if any rendered. */
  #loop(
    node: CompiledElement,
    file: CompiledTemplate,
    scope: Scope,
    parent: RenderedElement,
  ): boolean {
    const loop = node.loop as NonNullable<CompiledElement["loop"]>;
    const items = this.#evaluate(loop.items, file, scope);
    if (items === null || items === undefined) return false;
    if (typeof items !== "object") {
      throw this.#error(
        file,
        loop.items.offset,
        `tt:for="{{${loop.items.source}}}" is ${kindOf(items)}, not an array`,
      );
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(items)
      ? items.map((item, index) => [index, item])
      : Object.entries(items);
    let rendered = false;
    for (const [index, item] of entries) {
      if (loop.key !== undefined && loop.key !== "*this") {
        if (typeof item !== "object" || item === null || !Object.hasOwn(item, loop.key)) {
          throw this.#error(
            file,
            loop.items.offset,
            `tt:key="${loop.key}": item ${index} of {{${loop.items.source}}} has no "${loop.key}" (it is ${kindOf(item)})`,
          );
        }
      }
      const inner = scope.with({ [loop.item]: item, [loop.index]: index });
      const condition = node.condition;
      if (condition && condition.kind !== "else" && !this.#evaluate(condition.test, file, inner)) {
        continue;
      }
      rendered = true;
      this.#element(node, file, inner, parent);
    }
    return rendered;
  }

  #element(
    node: CompiledElement,
    file: CompiledTemplate,
    scope: Scope,
    parent: RenderedElement,
  ): void {
    switch (node.tag) {
      case "block":
      case "slot":
        this.nodes(node.children, file, scope, parent);
        return;
      case "include": {
        const included = node.src === undefined ? undefined : this.#linked.resolve(file, node.src);
        if (included) this.nodes(included.nodes, included, scope, parent);
        return;
      }
      case "template":
        if (node.use) {
          this.#use(node, file, scope, parent);
          return;
        }
    }
    const element: RenderedElement = {
      type: "element",
      tag: node.tag,
      location: node.location,
      attributes: {},
      dataset: {},
      events: [],
      hidden: false,
      children: [],
      parent,
    };
    for (const [name, value] of node.attributes) {
      const evaluated = this.#value(value, file, scope);
      if (name.startsWith("data-")) element.dataset[datasetKey(name)] = evaluated;
      else element.attributes[name] = evaluated;
    }
    element.hidden = Boolean(element.attributes.hidden);
    for (const binding of node.events) {
      let handler: unknown;
      if (binding.handler.kind === "method") {
        handler = binding.handler.name;
      } else {
        const compiled = binding.handler.expression;
        handler = this.#evaluate(compiled, file, scope);
        if (typeof handler !== "string" || handler === "") {
          throw this.#error(
            file,
            compiled.offset,
            `${binding.attribute}="{{${compiled.source}}}" is ${kindOf(handler)}, not a method name`,
          );
        }
      }
      element.events.push({
        event: binding.event,
        phase: binding.phase,
        attribute: binding.attribute,
        handler: handler as string,
      });
    }
    parent.children.push(element);
    this.nodes(node.children, file, scope, element);
  }

  #use(node: CompiledElement, file: CompiledTemplate, scope: Scope, parent: RenderedElement): void {
    const use = node.use as NonNullable<CompiledElement["use"]>;
    const name = display(this.#value(use.name, file, scope));
    const found = this.#linked.templatesOf(file).get(name);
    if (!found) {
      const known = [...this.#linked.templatesOf(file).keys()].join(", ") || "none";
      throw new TtmlRenderError(
        node.location,
        `<template is="${name}">: no such template (defined or imported: ${known})`,
      );
    }
    const data = use.data ? this.#evaluate(use.data, file, scope) : {};
    const templateScope = new Scope(
      data as Record<string, unknown>,
      `the data of <template is="${name}">`,
    );
    this.nodes(found.definition.children, found.file, templateScope, parent);
  }

  #value(value: ValueTemplate, file: CompiledTemplate, scope: Scope): unknown {
    switch (value.kind) {
      case "static":
        return value.value;
      case "expression":
        return this.#evaluate(value.expression, file, scope);
      case "mixed":
        return value.parts
          .map((part) =>
            typeof part === "string" ? part : display(this.#evaluate(part, file, scope)),
          )
          .join("");
    }
  }

  #evaluate(compiled: CompiledExpression, file: CompiledTemplate, scope: Scope): unknown {
    try {
      return evaluate(compiled.expression, scope);
    } catch (error) {
      if (!(error instanceof EvaluationError)) throw error;
      throw this.#error(
        file,
        compiled.offset + error.start,
        `{{${compiled.source}}}: ${error.message}`,
      );
    }
  }

  #error(file: CompiledTemplate, offset: number, reason: string): TtmlRenderError {
    return new TtmlRenderError(locate(file.source, offset), reason);
  }
}

/**
 * A value as text, as the runtime shows it: undefined and null as nothing, an array joined with
 * ",", an object as "[object Object]". Unsure: Douyin's docs do not say how null shows; the
 * Feishu TTML docs (the same family) say undefined shows as nothing, and we show null likewise.
 */
export function display(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** data-user-id → userId, as event.currentTarget.dataset has it. */
export function datasetKey(attribute: string): string {
  return attribute
    .slice("data-".length)
    .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
