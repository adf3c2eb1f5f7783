import type { BinaryOperator, Expression, ObjectLiteral } from "./ast.ts";
import { ExpressionSyntaxError, type Token, tokenize } from "./lexer.ts";

/**
 * Parses the text of one `{{ }}` into an expression, strictly: TTML's subset, as Douyin's docs give
 * it (TTML-数据绑定): literals, data paths with `.` and `[]`, unary `! - +`, arithmetic, comparison,
 * `&&`/`||`, the ternary, array literals. Parentheses and function calls are refused: the docs list
 * `{{ (1) }}`, `{{ foo() }}` and `{{ a.indexOf('flag') }}` among the expressions that fail to compile.
 * Object literals (`a: 1, ...b`) only where `mode` is "object": a `<template is data>`.
 */
export function parseExpression(text: string, mode: "value" | "object" = "value"): Expression {
  const parser = new Parser(tokenize(text));
  const expression = mode === "object" ? parser.objectBody() : parser.expression();
  parser.expectEnd();
  return expression;
}

const keywords: Record<string, boolean | null | undefined> = {
  true: true,
  false: false,
  null: null,
  undefined: undefined,
};

// Binary operators by precedence, lowest first (JavaScript's order).
const binaryLevels: readonly (readonly BinaryOperator[])[] = [
  ["==", "!=", "===", "!=="],
  ["<", ">", "<=", ">="],
  ["+", "-"],
  ["*", "/", "%"],
];

class Parser {
  readonly #tokens: Token[];
  #index = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  get #current(): Token {
    return this.#tokens[this.#index] ?? (this.#tokens.at(-1) as Token);
  }

  #isPunct(value: string): boolean {
    const token = this.#current;
    return token.kind === "punct" && token.value === value;
  }

  #next(): Token {
    const token = this.#current;
    if (this.#index < this.#tokens.length - 1) this.#index++;
    return token;
  }

  #expect(value: string, what: string): Token {
    if (!this.#isPunct(value)) throw this.#unexpected(what);
    return this.#next();
  }

  #unexpected(expected: string): ExpressionSyntaxError {
    const token = this.#current;
    if (token.kind === "end") {
      return new ExpressionSyntaxError(
        `unexpected end of expression, expected ${expected}`,
        token.start,
      );
    }
    if (token.kind === "punct" && (token.value === "(" || token.value === ")")) {
      const previous = this.#tokens[this.#index - 1];
      const call = token.value === "(" && previous !== undefined && isOperand(previous);
      return new ExpressionSyntaxError(
        call
          ? "function calls are not supported in TTML expressions"
          : "parentheses are not supported in TTML expressions",
        token.start,
      );
    }
    if (token.kind === "punct" && (token.value === "{" || token.value === "}")) {
      return new ExpressionSyntaxError(
        'object literals are only allowed as a template\'s data: <template is="…" data="{{a: 1}}">',
        token.start,
      );
    }
    return new ExpressionSyntaxError(
      `unexpected "${token.text}", expected ${expected}`,
      token.start,
    );
  }

  expectEnd(): void {
    if (this.#current.kind !== "end") throw this.#unexpected("the end of the expression");
  }

  expression(): Expression {
    const test = this.#logical("||");
    if (!this.#isPunct("?")) return test;
    this.#next();
    const consequent = this.expression();
    this.#expect(":", '":" of the ternary operator');
    const alternate = this.expression();
    return { kind: "conditional", test, consequent, alternate, start: test.start };
  }

  #logical(operator: "||" | "&&"): Expression {
    const operand = () => (operator === "||" ? this.#logical("&&") : this.#binary(0));
    let left = operand();
    while (this.#isPunct(operator)) {
      this.#next();
      const right = operand();
      left = { kind: "logical", operator, left, right, start: left.start };
    }
    return left;
  }

  #binary(level: number): Expression {
    const operators = binaryLevels[level];
    if (operators === undefined) return this.#unary();
    let left = this.#binary(level + 1);
    for (;;) {
      const token = this.#current;
      const operator = operators.find((op) => token.kind === "punct" && token.value === op);
      if (operator === undefined) return left;
      this.#next();
      const right = this.#binary(level + 1);
      left = { kind: "binary", operator, left, right, start: left.start };
    }
  }

  #unary(): Expression {
    const token = this.#current;
    if (
      token.kind === "punct" &&
      (token.value === "!" || token.value === "-" || token.value === "+")
    ) {
      this.#next();
      return { kind: "unary", operator: token.value, argument: this.#unary(), start: token.start };
    }
    return this.#member();
  }

  #member(): Expression {
    let object = this.#primary();
    for (;;) {
      if (this.#isPunct(".")) {
        this.#next();
        const name = this.#current;
        if (name.kind !== "name") throw this.#unexpected('a property name after "."');
        this.#next();
        const property = { kind: "literal", value: name.value, start: name.start } as const;
        object = { kind: "member", object, property, computed: false, start: object.start };
      } else if (this.#isPunct("[")) {
        this.#next();
        const property = this.expression();
        this.#expect("]", '"]"');
        object = { kind: "member", object, property, computed: true, start: object.start };
      } else if (this.#isPunct("(")) {
        throw this.#unexpected("an operator");
      } else {
        return object;
      }
    }
  }

  #primary(): Expression {
    const token = this.#current;
    switch (token.kind) {
      case "number":
      case "string":
        this.#next();
        return { kind: "literal", value: token.value, start: token.start };
      case "name":
        this.#next();
        if (token.value in keywords) {
          return { kind: "literal", value: keywords[token.value], start: token.start };
        }
        return { kind: "identifier", name: token.value, start: token.start };
      case "punct":
        if (token.value === "[") return this.#array();
        throw this.#unexpected("a value");
      default:
        throw this.#unexpected("a value");
    }
  }

  #array(): Expression {
    const start = this.#next().start;
    const elements: Expression[] = [];
    while (!this.#isPunct("]")) {
      elements.push(this.expression());
      if (!this.#isPunct(",")) break;
      this.#next();
    }
    this.#expect("]", '"," or "]" in the array');
    return { kind: "array", elements, start };
  }

  /** `a: 1, b, ...c` (the braces are the mustache's own). */
  objectBody(): ObjectLiteral {
    const start = this.#current.start;
    const entries: ObjectLiteral["entries"] = [];
    while (this.#current.kind !== "end") {
      const token = this.#current;
      if (this.#isPunct("...")) {
        this.#next();
        entries.push({ kind: "spread", argument: this.expression(), start: token.start });
      } else if (token.kind === "name" || token.kind === "string") {
        this.#next();
        if (this.#isPunct(":")) {
          this.#next();
          entries.push({
            kind: "property",
            key: token.value,
            value: this.expression(),
            start: token.start,
          });
        } else if (token.kind === "name") {
          const value = { kind: "identifier", name: token.value, start: token.start } as const;
          entries.push({ kind: "property", key: token.value, value, start: token.start });
        } else {
          throw this.#unexpected('":" after the key');
        }
      } else {
        throw this.#unexpected('a key or "..."');
      }
      if (!this.#isPunct(",")) break;
      this.#next();
    }
    return { kind: "object", entries, start };
  }
}

function isOperand(token: Token): boolean {
  return (
    token.kind === "name" ||
    token.kind === "string" ||
    token.kind === "number" ||
    (token.kind === "punct" && (token.value === "]" || token.value === ")"))
  );
}
