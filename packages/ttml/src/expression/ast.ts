/** The expressions TTML accepts inside `{{ }}`; `start` is the offset in the expression's text. */
export type Expression =
  | Literal
  | Identifier
  | Member
  | Unary
  | Binary
  | Logical
  | Conditional
  | ArrayLiteral
  | ObjectLiteral;

export interface Literal {
  kind: "literal";
  value: string | number | boolean | null | undefined;
  start: number;
}

export interface Identifier {
  kind: "identifier";
  name: string;
  start: number;
}

/** a.b (property "b", computed false) or a[expr] (computed true). */
export interface Member {
  kind: "member";
  object: Expression;
  property: Expression;
  computed: boolean;
  start: number;
}

export interface Unary {
  kind: "unary";
  operator: "!" | "-" | "+";
  argument: Expression;
  start: number;
}

export type BinaryOperator =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "<"
  | ">"
  | "<="
  | ">="
  | "=="
  | "!="
  | "==="
  | "!==";

export interface Binary {
  kind: "binary";
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  start: number;
}

export interface Logical {
  kind: "logical";
  operator: "&&" | "||";
  left: Expression;
  right: Expression;
  start: number;
}

export interface Conditional {
  kind: "conditional";
  test: Expression;
  consequent: Expression;
  alternate: Expression;
  start: number;
}

export interface ArrayLiteral {
  kind: "array";
  elements: Expression[];
  start: number;
}

/** Only in `<template is="…" data="{{a: 1, ...b}}">`: the mustache holds the object's body. */
export interface ObjectLiteral {
  kind: "object";
  entries: Array<
    | { kind: "property"; key: string; value: Expression; start: number }
    | { kind: "spread"; argument: Expression; start: number }
  >;
  start: number;
}
