import type {
  CompiledExpression,
  CompiledNode,
  CompiledTemplate,
  ValueTemplate,
} from "./compiled.ts";
import { TtmlError } from "./errors.ts";
import type { Expression } from "./expression/ast.ts";
import type { LinkedTemplate } from "./link.ts";
import { locate } from "./source.ts";

/** What the checker needs of a page: what Page() was given. */
export interface PageShape {
  /** The names of the page's methods (the functions of its definition). */
  methods: Iterable<string>;
  /** The page's initial data. */
  data: Readonly<Record<string, unknown>>;
}

/**
 * Checks a page against its template, before anything is rendered:
 * - every `bind*`/`catch*` with a method name names a method of the page;
 * - every data path the page's own nodes read starts with a name of its initial data, and goes
 *   on only through fields that exist where the initial data has an object (a typo such as
 *   `user.nam` where the data has `user: {name}` is caught; below null, an empty array or a
 *   tt:for item, the renderer checks each render instead).
 * Template definitions' data paths are checked when they render (their data is not the page's).
 */
export function checkPage(linked: LinkedTemplate, page: PageShape): TtmlError[] {
  const methods = new Set(page.methods);
  const errors: TtmlError[] = [];
  const visited = new Set<CompiledTemplate>();

  const checkNodes = (
    nodes: readonly CompiledNode[],
    file: CompiledTemplate,
    locals: ReadonlySet<string> | undefined,
  ): void => {
    for (const node of nodes) {
      if (node.type === "text") {
        if (locals) checkValue(node.value, file, locals);
        continue;
      }
      if (locals && node.loop) checkExpression(node.loop.items, file, locals);
      const inner =
        locals && node.loop ? new Set([...locals, node.loop.item, node.loop.index]) : locals;
      if (inner) {
        if (node.condition && node.condition.kind !== "else") {
          checkExpression(node.condition.test, file, inner);
        }
        for (const value of node.attributes.values()) checkValue(value, file, inner);
        if (node.use) {
          checkValue(node.use.name, file, inner);
          if (node.use.data) checkExpression(node.use.data, file, inner);
        }
      }
      for (const binding of node.events) {
        if (binding.handler.kind === "expression") {
          if (inner) checkExpression(binding.handler.expression, file, inner);
        } else if (!methods.has(binding.handler.name)) {
          errors.push(
            new TtmlError(
              binding.location,
              `${binding.attribute}="${binding.handler.name}": the page has no method "${binding.handler.name}" (${methodList(methods)})`,
            ),
          );
        }
      }
      if (node.tag === "include" && node.src !== undefined) {
        const included = linked.resolve(file, node.src);
        if (included) checkNodes(included.nodes, included, inner);
      }
      checkNodes(node.children, file, inner);
    }
  };

  const checkValue = (
    value: ValueTemplate,
    file: CompiledTemplate,
    locals: ReadonlySet<string>,
  ) => {
    if (value.kind === "expression") checkExpression(value.expression, file, locals);
    if (value.kind === "mixed") {
      for (const part of value.parts) {
        if (typeof part !== "string") checkExpression(part, file, locals);
      }
    }
  };

  const checkExpression = (
    compiled: CompiledExpression,
    file: CompiledTemplate,
    locals: ReadonlySet<string>,
  ) => {
    for (const read of readsOf(compiled.expression)) {
      const [root, ...rest] = read.path;
      if (typeof root !== "string" || locals.has(root)) continue;
      const where = locate(file.source, compiled.offset + read.start);
      const prefix = `{{${compiled.source}}}`;
      if (!Object.hasOwn(page.data, root)) {
        errors.push(
          new TtmlError(
            where,
            `${prefix}: "${root}" is not in the page's data (${keyList(Object.keys(page.data))})`,
          ),
        );
        continue;
      }
      let value: unknown = page.data[root];
      let path = root;
      for (const segment of rest) {
        if (segment === null || !isRecord(value)) break;
        if (!Object.hasOwn(value, segment)) {
          errors.push(
            new TtmlError(
              where,
              `${prefix}: "${path}" has no "${segment}" in the page's initial data (${keyList(Object.keys(value))})`,
            ),
          );
          break;
        }
        value = value[segment];
        path = `${path}.${segment}`;
      }
    }
  };

  // Every template definition's handlers are the page's methods too.
  const checkDefinitions = (file: CompiledTemplate) => {
    if (visited.has(file)) return;
    visited.add(file);
    for (const definition of file.templates.values())
      checkNodes(definition.children, file, undefined);
  };
  for (const file of linked.files.values()) checkDefinitions(file);
  checkNodes(linked.main.nodes, linked.main, new Set());
  return errors;
}

interface Read {
  /** The root name, then each field or index; null where the index is computed. */
  path: Array<string | null>;
  start: number;
}

/** The data paths an expression reads (computed indexes read their own paths too). */
export function readsOf(expression: Expression): Read[] {
  const reads: Read[] = [];
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case "identifier":
        reads.push({ path: [node.name], start: node.start });
        return;
      case "member": {
        const path: Array<string | null> = [];
        let current: Expression = node;
        while (current.kind === "member") {
          const property: Expression = current.property;
          if (property.kind === "literal") path.unshift(String(property.value));
          else {
            path.unshift(null);
            visit(property);
          }
          current = current.object;
        }
        if (current.kind === "identifier") {
          reads.push({ path: [current.name, ...path], start: node.start });
        } else {
          visit(current);
        }
        return;
      }
      case "unary":
        visit(node.argument);
        return;
      case "binary":
      case "logical":
        visit(node.left);
        visit(node.right);
        return;
      case "conditional":
        visit(node.test);
        visit(node.consequent);
        visit(node.alternate);
        return;
      case "array":
        for (const element of node.elements) visit(element);
        return;
      case "object":
        for (const entry of node.entries)
          visit(entry.kind === "property" ? entry.value : entry.argument);
        return;
      case "literal":
        return;
    }
  };
  visit(expression);
  return reads;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keyList(keys: string[]): string {
  return keys.length === 0 ? "it is empty" : `it has: ${keys.join(", ")}`;
}

function methodList(methods: ReadonlySet<string>): string {
  const names = [...methods].filter((name) => !/^on(Load|Show|Ready|Hide|Unload)$/.test(name));
  return names.length === 0 ? "it has none" : `its methods: ${names.join(", ")}`;
}
