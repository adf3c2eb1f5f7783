import { describe, expect, it } from "vitest";
import {
  EvaluationError,
  type Expression,
  ExpressionSyntaxError,
  evaluate,
  parseExpression,
  Scope,
} from "../src/index.ts";

const run = (text: string, data: Record<string, unknown> = {}) =>
  evaluate(parseExpression(text), new Scope(data, "the page's data"));

const syntaxError = (text: string): ExpressionSyntaxError => {
  try {
    parseExpression(text);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
};

const readError = (text: string, data: Record<string, unknown>): EvaluationError => {
  try {
    run(text, data);
  } catch (error) {
    if (error instanceof EvaluationError) return error;
    throw error;
  }
  throw new Error(`"${text}" evaluated`);
};

describe("parsing TTML's expression subset", () => {
  it("evaluates literals, paths, operators and the ternary as JavaScript does", () => {
    const data = { a: 1, b: 2, name: "world", list: ["x", "y"], user: { id: 7, tags: ["t"] } };
    expect(run("a + b * 3 - 1", data)).toBe(6);
    expect(run("7 % 4 / 2", data)).toBe(1.5);
    expect(run("'hello ' + name", data)).toBe("hello world");
    expect(run('"it\\"s"')).toBe('it"s');
    expect(run("list[1] + list.length + user.tags[0] + user['id']", data)).toBe("y2t7");
    expect(run("a < b && b >= 2 && a != '1' === false", data)).toBe(true);
    expect(run("a == '1'", data)).toBe(true);
    expect(run("a === '1'", data)).toBe(false);
    expect(run("!a || -b", data)).toBe(-2);
    expect(run("a > 1 ? 'big' : b > 1 ? 'b' : 'none'", data)).toBe("b");
    expect(run("[a, 2, name]", data)).toEqual([1, 2, "world"]);
    expect(run("null")).toBe(null);
    expect(run("undefined")).toBe(undefined);
    expect(run("true && .5")).toBe(0.5);
  });

  it("reads an object body only as a template's data", () => {
    const body = parseExpression("...obj, e: 5, 'f': a, a", "object");
    expect(evaluate(body, new Scope({ obj: { c: 1 }, a: 2 }, "data"))).toEqual({
      c: 1,
      e: 5,
      f: 2,
      a: 2,
    });
    expect(syntaxError("{a: 1}").message).toMatch(
      /object literals are only allowed as a template's data/,
    );
  });

  it("refuses what Douyin's docs list as compile errors: parentheses and function calls", () => {
    expect(syntaxError("(1)").message).toBe("parentheses are not supported in TTML expressions");
    expect(syntaxError("a * (b + 1)").message).toBe(
      "parentheses are not supported in TTML expressions",
    );
    expect(syntaxError("foo()").message).toBe(
      "function calls are not supported in TTML expressions",
    );
    const call = syntaxError("a.indexOf('flag') > 2");
    expect(call.message).toBe("function calls are not supported in TTML expressions");
    expect(call.offset).toBe(9);
  });

  it("names the place of other syntax errors", () => {
    expect(syntaxError("a +")).toMatchObject({
      message: "unexpected end of expression, expected a value",
      offset: 3,
    });
    expect(syntaxError("user.")).toMatchObject({
      message: expect.stringMatching(/a property name after "."/),
    });
    expect(syntaxError("a = 1")).toMatchObject({ message: 'unexpected character "="', offset: 2 });
    expect(syntaxError("a ? b")).toMatchObject({
      message: expect.stringMatching(/":" of the ternary/),
    });
    expect(syntaxError("'open")).toMatchObject({ message: "unterminated string", offset: 0 });
    expect(syntaxError("a b")).toMatchObject({
      message: expect.stringMatching(/unexpected "b"/),
      offset: 2,
    });
    expect(syntaxError("1x").message).toBe('invalid number "1x"');
    expect(syntaxError("a ?? b").message).toMatch(/unexpected "\?"/);
    expect(syntaxError("[1, 2").message).toMatch(/"," or "]"/);
  });

  it("gives each node its offset", () => {
    const expression = parseExpression("  user.name") as Expression & { kind: "member" };
    expect(expression).toMatchObject({ kind: "member", start: 2 });
  });
});

describe("strict reads", () => {
  const data = { user: { id: 1, name: "Ada" }, none: null, list: [{ title: "a" }], text: "hi" };

  it("refuses a name the data does not have, listing what it has", () => {
    expect(readError("usr", data).message).toBe(
      '"usr" is not in the page\'s data (it has: user, none, list, text)',
    );
  });

  it("refuses a field an object does not have", () => {
    const error = readError("'Hi ' + user.nam", data);
    expect(error.message).toBe('reads "user.nam", but "user" has no "nam" (it has: id, name)');
    expect(error.start).toBe(8);
  });

  it("refuses reading through null, past an array's end, or into a string or number", () => {
    expect(readError("none.id", data).message).toBe('reads "none.id", but "none" is null');
    expect(readError("list[1].title", data).message).toBe(
      'reads "list[1]", but "list" has 1 items',
    );
    expect(readError("list.first", data).message).toMatch(
      /"list" is an array: only \[index\] and \.length/,
    );
    expect(readError("user.id.x", data).message).toBe(
      'reads "user.id.x", but "user.id" is a number',
    );
    expect(readError("text.foo", data).message).toMatch(/"text" is a string/);
  });

  it("does not evaluate the side that a guard skips", () => {
    expect(run("none && none.id", data)).toBe(null);
    expect(run("none ? none.id : 'no'", data)).toBe("no");
    expect(run("user.name || none.id", data)).toBe("Ada");
    expect(run("list.length > 1 && list[1].title", data)).toBe(false);
  });
});
