import type {
  CompiledElement,
  CompiledExpression,
  CompiledNode,
  CompiledTemplate,
  Condition,
  EventBinding,
  EventPhase,
  Loop,
  TemplateDefinition,
  ValueTemplate,
} from "./compiled.ts";
import { BOOLEAN_ATTRIBUTES, BUILD_MARKERS, DOUYIN_COMPONENTS, TTML_TAGS } from "./components.ts";
import { TtmlCheckError, TtmlError } from "./errors.ts";
import { ExpressionSyntaxError } from "./expression/lexer.ts";
import { parseExpression } from "./expression/parser.ts";
import { parseMarkup, type RawAttribute, type RawElement, type RawNode } from "./markup.ts";
import { MustacheError, splitMustaches } from "./mustache.ts";
import { locate, SourceFile } from "./source.ts";

export interface CompileOptions {
  /** Custom components the page declares (usingComponents in its .json or app.json). */
  customComponents?: Iterable<string>;
  /**
   * `emulator-only` / `real-only` build markers: "accept" them (a source template) or "reject"
   * them (a built template: the build should have resolved them). Default "reject".
   */
  buildMarkers?: "accept" | "reject";
}

export interface CompileResult {
  template: CompiledTemplate | undefined;
  errors: TtmlError[];
}

const eventAttribute = /^(capture-bind|capture-catch|bind|catch)(:?)(.*)$/;
const identifier = /^[A-Za-z_$][\w$]*$/;
const foreignDirective = /^(wx|a|s|qq|jd|swan):/;

/** Compiles a .ttml file; throws a TtmlCheckError listing every mistake found. */
export function compileTemplate(
  file: string,
  text: string,
  options: CompileOptions = {},
): CompiledTemplate {
  const { template, errors } = checkTemplate(file, text, options);
  if (!template || errors.length > 0) throw new TtmlCheckError(errors);
  return template;
}

/** Compiles a .ttml file and returns the mistakes instead of throwing. */
export function checkTemplate(
  file: string,
  text: string,
  options: CompileOptions = {},
): CompileResult {
  const source = new SourceFile(file, text);
  let root: RawElement;
  try {
    root = parseMarkup(source);
  } catch (error) {
    if (error instanceof TtmlError) return { template: undefined, errors: [error] };
    throw error;
  }
  const compiler = new Compiler(source, options);
  const nodes = compiler.children(root.children, true);
  const template: CompiledTemplate = {
    file,
    source,
    nodes,
    templates: compiler.templates,
    imports: compiler.imports,
  };
  return { template, errors: compiler.errors };
}

class Compiler {
  readonly errors: TtmlError[] = [];
  readonly templates = new Map<string, TemplateDefinition>();
  readonly imports: CompiledTemplate["imports"] = [];
  readonly #source: SourceFile;
  readonly #custom: ReadonlySet<string>;
  readonly #markers: "accept" | "reject";

  constructor(source: SourceFile, options: CompileOptions) {
    this.#source = source;
    this.#custom = new Set(options.customComponents ?? []);
    this.#markers = options.buildMarkers ?? "reject";
  }

  #error(offset: number, reason: string): void {
    this.errors.push(new TtmlError(locate(this.#source, offset), reason));
  }

  children(raw: RawNode[], topLevel = false): CompiledNode[] {
    const nodes: CompiledNode[] = [];
    // The element a tt:elif/tt:else attaches to: the previous element, if nothing but space is between.
    let previous: CompiledElement | undefined;
    for (const node of raw) {
      if (node.type === "text") {
        if (node.text.trim() !== "") previous = undefined;
        const value = this.#value(node.text, node.start);
        if (value) nodes.push({ type: "text", value, location: locate(this.#source, node.start) });
        continue;
      }
      const element = this.#element(node, topLevel);
      if (!element) {
        previous = undefined;
        continue;
      }
      const kind = element.condition?.kind;
      if ((kind === "elif" || kind === "else") && !isChainable(previous)) {
        this.#error(
          node.start,
          `tt:${kind} on <${node.tag}> does not follow an element with tt:if or tt:elif`,
        );
      }
      previous = element;
      nodes.push(element);
    }
    return nodes;
  }

  #element(raw: RawElement, topLevel: boolean): CompiledElement | undefined {
    const { tag } = raw;
    this.#checkTag(raw);
    if (tag === "import") {
      const src = this.#staticAttribute(raw, "src");
      if (src !== undefined) this.imports.push({ src, location: locate(this.#source, raw.start) });
      if (raw.children.some((child) => child.type === "element" || child.text.trim() !== "")) {
        this.#error(raw.start, "<import> takes no content");
      }
      return undefined;
    }
    if (tag === "template" && raw.attributes.some((attribute) => attribute.name === "name")) {
      this.#definition(raw, topLevel);
      return undefined;
    }
    const element: CompiledElement = {
      type: "element",
      tag,
      location: locate(this.#source, raw.start),
      attributes: new Map(),
      condition: undefined,
      loop: undefined,
      events: [],
      children: [],
    };
    const loop: Partial<Loop> = {};
    for (const attribute of raw.attributes) {
      // A template use's data is an object body, read by #use.
      if (tag === "template" && attribute.name === "data") continue;
      this.#attribute(raw, attribute, element, loop);
    }
    if (loop.items) {
      element.loop = {
        items: loop.items,
        item: loop.item ?? "item",
        index: loop.index ?? "index",
        key: loop.key,
      };
    } else if (loop.item !== undefined || loop.index !== undefined || loop.key !== undefined) {
      this.#error(raw.start, `<${tag}> has tt:for-item, tt:for-index or tt:key without tt:for`);
    }
    if (tag === "template") this.#use(raw, element);
    if (tag === "include") {
      element.src = this.#staticAttribute(raw, "src");
      element.attributes.delete("src");
    }
    element.children = this.children(raw.children);
    return element;
  }

  #checkTag(raw: RawElement): void {
    const { tag } = raw;
    if (DOUYIN_COMPONENTS.has(tag) || TTML_TAGS.has(tag) || this.#custom.has(tag)) return;
    if (tag !== tag.toLowerCase()) {
      this.#error(raw.start, `unknown component <${tag}>: component names are lower case`);
    } else if (tag === "sjs") {
      this.#error(
        raw.start,
        "<sjs> modules are not supported by this checker (nor by the simulator)",
      );
    } else {
      this.#error(
        raw.start,
        `unknown component <${tag}>: not a Douyin component (declare custom components in usingComponents)`,
      );
    }
  }

  #attribute(
    raw: RawElement,
    attribute: RawAttribute,
    element: CompiledElement,
    loop: Partial<Loop>,
  ): void {
    const { name, value, nameStart, valueStart } = attribute;
    const where = `${name} on <${raw.tag}>`;
    if (name.startsWith("tt:")) {
      this.#directive(raw, attribute, element, loop);
      return;
    }
    if (foreignDirective.test(name)) {
      this.#error(nameStart, `${name} is not TTML: Douyin's directives are tt:if, tt:for…`);
      return;
    }
    if (BUILD_MARKERS.has(name)) {
      if (this.#markers === "reject") {
        this.#error(nameStart, `${where}: the build should have resolved this marker before dist/`);
      }
      return;
    }
    const event = eventAttribute.exec(name);
    if (event) {
      this.#event(raw, attribute, event[1] as EventPhase, event[3] ?? "", element);
      return;
    }
    if (BOOLEAN_ATTRIBUTES.has(name) && value?.trim() === "false") {
      this.#error(
        valueStart,
        `${name}="false" is the string "false", a true value: write ${name}="{{false}}"`,
      );
      return;
    }
    let template: ValueTemplate | undefined =
      value === undefined ? { kind: "static", value: true } : this.#value(value, valueStart);
    // <checkbox checked=""> is a true value, as a bare attribute is.
    if (BOOLEAN_ATTRIBUTES.has(name) && template?.kind === "static" && template.value === "") {
      template = { kind: "static", value: true };
    }
    if (template) element.attributes.set(name, template);
  }

  #directive(
    raw: RawElement,
    attribute: RawAttribute,
    element: CompiledElement,
    loop: Partial<Loop>,
  ): void {
    const { name, value, nameStart, valueStart } = attribute;
    const setCondition = (condition: Condition) => {
      if (element.condition) {
        this.#error(nameStart, `<${raw.tag}> has both tt:${element.condition.kind} and ${name}`);
      } else {
        element.condition = condition;
      }
    };
    switch (name) {
      case "tt:if":
      case "tt:elif": {
        const test = this.#single(attribute);
        if (test) setCondition({ kind: name === "tt:if" ? "if" : "elif", test });
        return;
      }
      case "tt:else":
        if (value !== undefined && value.trim() !== "") {
          this.#error(valueStart, "tt:else takes no value: write <x tt:else>");
        }
        setCondition({ kind: "else" });
        return;
      case "tt:for":
      case "tt:for-items": {
        const items = this.#single(attribute);
        if (items) loop.items = items;
        return;
      }
      case "tt:for-item":
      case "tt:for-index": {
        const variable = value?.trim() ?? "";
        if (!identifier.test(variable)) {
          this.#error(valueStart, `${name}="${value ?? ""}" must be a plain name, such as "row"`);
          return;
        }
        if (name === "tt:for-item") loop.item = variable;
        else loop.index = variable;
        return;
      }
      case "tt:key": {
        const key = value?.trim() ?? "";
        if (key === "" || key.includes("{{")) {
          this.#error(valueStart, 'tt:key is a field name of each item or "*this", without {{ }}');
          return;
        }
        loop.key = key;
        return;
      }
      default:
        this.#error(
          nameStart,
          `unknown directive ${name} (TTML has tt:if, tt:elif, tt:else, tt:for, tt:for-item, tt:for-index, tt:key)`,
        );
    }
  }

  #event(
    raw: RawElement,
    attribute: RawAttribute,
    phase: EventPhase,
    event: string,
    element: CompiledElement,
  ): void {
    const { name, value, nameStart, valueStart } = attribute;
    if (!/^[a-z][a-z0-9_-]*$/.test(event)) {
      this.#error(
        nameStart,
        event === ""
          ? `${name} names no event`
          : `${name}: event names are lower case ("${event.toLowerCase()}"), or the handler never runs`,
      );
      return;
    }
    const location = locate(this.#source, nameStart);
    const handler = value?.trim() ?? "";
    if (handler === "") {
      this.#error(nameStart, `${name} on <${raw.tag}> names no handler`);
      return;
    }
    let binding: EventBinding["handler"];
    if (handler.includes("{{")) {
      const single = this.#single(attribute);
      if (!single) return;
      binding = { kind: "expression", expression: single };
    } else if (identifier.test(handler)) {
      binding = { kind: "method", name: handler };
    } else {
      this.#error(valueStart, `${name}="${handler}" is not a method name`);
      return;
    }
    element.events.push({ event, phase, attribute: name, handler: binding, location });
  }

  #definition(raw: RawElement, topLevel: boolean): void {
    const name = this.#staticAttribute(raw, "name");
    if (name === undefined) return;
    if (!topLevel)
      this.#error(raw.start, `<template name="${name}"> must be at the top level of the file`);
    if (this.templates.has(name)) {
      this.#error(raw.start, `<template name="${name}"> is defined twice`);
      return;
    }
    const extra = raw.attributes.filter((attribute) => attribute.name !== "name");
    for (const attribute of extra) {
      this.#error(attribute.nameStart, `<template name="${name}"> takes no ${attribute.name}`);
    }
    const children = this.children(raw.children);
    this.templates.set(name, { name, location: locate(this.#source, raw.start), children });
  }

  #use(raw: RawElement, element: CompiledElement): void {
    const name = element.attributes.get("is");
    if (!name) {
      this.#error(raw.start, '<template> needs name="…" (a definition) or is="…" (a use)');
      return;
    }
    let data: CompiledExpression | undefined;
    const dataAttribute = raw.attributes.find((attribute) => attribute.name === "data");
    if (dataAttribute) data = this.#single(dataAttribute, "object");
    element.attributes.delete("is");
    element.attributes.delete("data");
    element.use = { name, data };
  }

  #staticAttribute(raw: RawElement, name: string): string | undefined {
    const attribute = raw.attributes.find((candidate) => candidate.name === name);
    const value = attribute?.value?.trim();
    if (!attribute || !value) {
      this.#error(raw.start, `<${raw.tag}> needs ${name}="…"`);
      return undefined;
    }
    if (value.includes("{{")) {
      this.#error(
        attribute.valueStart,
        `${name} of <${raw.tag}> must be a plain value, without {{ }}`,
      );
      return undefined;
    }
    return value;
  }

  /** An attribute whose whole value is one `{{ }}`: tt:if, tt:for, a dynamic handler, data. */
  #single(
    attribute: RawAttribute,
    mode: "value" | "object" = "value",
  ): CompiledExpression | undefined {
    const { name, value = "", valueStart } = attribute;
    let parts: ReturnType<typeof splitMustaches>;
    try {
      parts = splitMustaches(value, valueStart).filter(
        (part) => part.kind === "mustache" || part.text.trim() !== "",
      );
    } catch (error) {
      if (!(error instanceof MustacheError)) throw error;
      this.#error(error.offset, error.message);
      return undefined;
    }
    const [only] = parts;
    if (parts.length !== 1 || only?.kind !== "mustache") {
      this.#error(valueStart, `${name}="${value}" must be one {{ expression }}`);
      return undefined;
    }
    return this.#expression(only.source, only.start, mode);
  }

  #value(text: string, offset: number): ValueTemplate | undefined {
    let parts: ReturnType<typeof splitMustaches>;
    try {
      parts = splitMustaches(text, offset);
    } catch (error) {
      if (!(error instanceof MustacheError)) throw error;
      this.#error(error.offset, error.message);
      return undefined;
    }
    const compiled: Array<string | CompiledExpression> = [];
    for (const part of parts) {
      if (part.kind === "text") {
        compiled.push(part.text);
        continue;
      }
      const expression = this.#expression(part.source, part.start, "value");
      if (!expression) return undefined;
      compiled.push(expression);
    }
    const [first] = compiled;
    if (compiled.length === 0) return { kind: "static", value: "" };
    if (compiled.length === 1 && typeof first === "string") return { kind: "static", value: first };
    if (compiled.length === 1 && first !== undefined && typeof first !== "string") {
      return { kind: "expression", expression: first };
    }
    return { kind: "mixed", parts: compiled };
  }

  #expression(
    text: string,
    offset: number,
    mode: "value" | "object",
  ): CompiledExpression | undefined {
    if (text.trim() === "") {
      this.#error(offset - 2, "empty {{ }}");
      return undefined;
    }
    try {
      const expression = parseExpression(text, mode);
      return {
        expression,
        source: text.trim(),
        offset,
        location: locate(this.#source, offset - 2),
      };
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      this.#error(offset + error.offset, `{{${text}}}: ${error.message}`);
      return undefined;
    }
  }
}

function isChainable(element: CompiledElement | undefined): boolean {
  const kind = element?.condition?.kind;
  return kind === "if" || kind === "elif";
}
