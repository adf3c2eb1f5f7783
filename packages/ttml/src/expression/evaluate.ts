import type { Binary, Expression } from "./ast.ts";

/** The names an expression can read: the data (page or template) and the tt:for variables. */
export class Scope {
  readonly #values: Readonly<Record<string, unknown>>;
  readonly #parent: Scope | undefined;
  /** "the page's data", "the template's data", "tt:for"… for messages. */
  readonly label: string;

  constructor(values: Readonly<Record<string, unknown>>, label: string, parent?: Scope) {
    this.#values = values;
    this.label = label;
    this.#parent = parent;
  }

  /** A scope with `values` (tt:for-item, tt:for-index) in front of this one. */
  with(values: Record<string, unknown>): Scope {
    return new Scope(values, "tt:for", this);
  }

  lookup(name: string): { found: true; value: unknown } | { found: false } {
    if (Object.hasOwn(this.#values, name)) return { found: true, value: this.#values[name] };
    return this.#parent ? this.#parent.lookup(name) : { found: false };
  }

  /** The data's own names (not those of tt:for), for "it has: …". */
  dataNames(): string[] {
    return this.#parent ? this.#parent.dataNames() : Object.keys(this.#values);
  }

  /** What a missing name is missing from: the data, not tt:for. */
  dataLabel(): string {
    return this.#parent ? this.#parent.dataLabel() : this.label;
  }
}

/** Reading a path that does not exist; `start` is the offset of the read in the expression. */
export class EvaluationError extends Error {
  override readonly name = "EvaluationError";
  readonly start: number;

  constructor(message: string, start: number) {
    super(message);
    this.start = start;
  }
}

/**
 * Evaluates an expression as the TTML runtime would, but strictly: reading a name the data does
 * not have, a field an object does not have, an index past an array's end, or anything through
 * null/undefined throws an EvaluationError instead of quietly giving undefined. `&&`, `||` and
 * `?:` evaluate only the side they need, so a guarded read (`user && user.name`) is fine.
 */
export function evaluate(expression: Expression, scope: Scope): unknown {
  switch (expression.kind) {
    case "literal":
      return expression.value;
    case "identifier": {
      const found = scope.lookup(expression.name);
      if (!found.found) {
        const names = scope.dataNames();
        throw new EvaluationError(
          `"${expression.name}" is not in ${scope.dataLabel()} (${hasList(names)})`,
          expression.start,
        );
      }
      return found.value;
    }
    case "member": {
      const object = evaluate(expression.object, scope);
      const key = expression.computed
        ? evaluate(expression.property, scope)
        : (expression.property as { value: string }).value;
      return readProperty(object, key, expression);
    }
    case "unary": {
      const value = evaluate(expression.argument, scope);
      if (expression.operator === "!") return !value;
      return expression.operator === "-" ? -(value as number) : +(value as number);
    }
    case "logical": {
      const left = evaluate(expression.left, scope);
      if (expression.operator === "&&") return left ? evaluate(expression.right, scope) : left;
      return left ? left : evaluate(expression.right, scope);
    }
    case "binary":
      return binary(
        expression,
        evaluate(expression.left, scope),
        evaluate(expression.right, scope),
      );
    case "conditional":
      return evaluate(expression.test, scope)
        ? evaluate(expression.consequent, scope)
        : evaluate(expression.alternate, scope);
    case "array":
      return expression.elements.map((element) => evaluate(element, scope));
    case "object": {
      const result: Record<string, unknown> = {};
      for (const entry of expression.entries) {
        if (entry.kind === "property") {
          result[entry.key] = evaluate(entry.value, scope);
        } else {
          const spread = evaluate(entry.argument, scope);
          if (typeof spread !== "object" || spread === null || Array.isArray(spread)) {
            throw new EvaluationError(
              `"...${describe(entry.argument)}" spreads ${kindOf(spread)}, not an object`,
              entry.start,
            );
          }
          Object.assign(result, spread);
        }
      }
      return result;
    }
  }
}

function readProperty(
  object: unknown,
  key: unknown,
  expression: Expression & { kind: "member" },
): unknown {
  const path = describe(expression);
  const owner = describe(expression.object);
  const fail = (why: string) =>
    new EvaluationError(`reads "${path}", but "${owner}" ${why}`, expression.start);
  if (object === null || object === undefined) throw fail(`is ${object}`);
  if (typeof key !== "string" && typeof key !== "number") {
    throw fail(`cannot be indexed with ${kindOf(key)}`);
  }
  if (Array.isArray(object) || typeof object === "string") {
    if (key === "length") return object.length;
    const index = typeof key === "number" ? key : /^\d+$/.test(key) ? Number(key) : Number.NaN;
    if (!Number.isInteger(index)) {
      throw fail(`is ${kindOf(object)}: only [index] and .length can be read from it`);
    }
    if (index < 0 || index >= object.length) {
      const count = Array.isArray(object)
        ? `${object.length} items`
        : `${object.length} characters`;
      throw fail(`has ${count}`);
    }
    return object[index];
  }
  if (typeof object !== "object") throw fail(`is ${kindOf(object)}`);
  const record = object as Record<string, unknown>;
  if (!Object.hasOwn(record, String(key))) {
    throw fail(`has no "${key}" (${hasList(Object.keys(record))})`);
  }
  return record[String(key)];
}

function binary(expression: Binary, left: unknown, right: unknown): unknown {
  // biome-ignore lint/suspicious/noExplicitAny: the runtime applies JavaScript's own operators
  const a = left as any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const b = right as any;
  switch (expression.operator) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
    case "==":
      // biome-ignore lint/suspicious/noDoubleEquals: TTML's == is JavaScript's loose equality
      return a == b;
    case "!=":
      // biome-ignore lint/suspicious/noDoubleEquals: as above
      return a != b;
    case "===":
      return a === b;
    case "!==":
      return a !== b;
  }
}

/** The expression as a path a person reads: user.name, list[0].title, list[…]. */
export function describe(expression: Expression): string {
  switch (expression.kind) {
    case "identifier":
      return expression.name;
    case "literal":
      return JSON.stringify(expression.value) ?? "undefined";
    case "member": {
      const object = describe(expression.object);
      const property = expression.property;
      if (!expression.computed && property.kind === "literal") return `${object}.${property.value}`;
      if (property.kind === "literal") return `${object}[${JSON.stringify(property.value)}]`;
      if (property.kind === "identifier") return `${object}[${property.name}]`;
      return `${object}[…]`;
    }
    default:
      return "(expression)";
  }
}

export function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    default:
      return String(typeof value);
  }
}

function hasList(names: string[]): string {
  if (names.length === 0) return "it is empty";
  const shown = names.slice(0, 12).join(", ");
  return `it has: ${shown}${names.length > 12 ? ", …" : ""}`;
}
