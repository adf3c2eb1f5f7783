import type { Expression } from "./expression/ast.ts";
import type { Location, SourceFile } from "./source.ts";

/** One `{{ }}`: its parsed expression, its text, and where its text starts in the file. */
export interface CompiledExpression {
  expression: Expression;
  source: string;
  /** Offset of the mustache's contents in the file (expression offsets are relative to it). */
  offset: number;
  location: Location;
}

/** An attribute value or a text: literal, one expression (keeps its type), or a mix (a string). */
export type ValueTemplate =
  | { kind: "static"; value: string | true }
  | { kind: "expression"; expression: CompiledExpression }
  | { kind: "mixed"; parts: Array<string | CompiledExpression> };

export type EventPhase = "bind" | "catch" | "capture-bind" | "capture-catch";

export interface EventBinding {
  /** "tap", "getphonenumber"… */
  event: string;
  phase: EventPhase;
  /** The attribute as written: "bindtap", "bind:tap", "capture-catch:touchstart". */
  attribute: string;
  handler:
    | { kind: "method"; name: string }
    | { kind: "expression"; expression: CompiledExpression };
  location: Location;
}

export type Condition = { kind: "if" | "elif"; test: CompiledExpression } | { kind: "else" };

export interface Loop {
  items: CompiledExpression;
  /** tt:for-item, default "item". */
  item: string;
  /** tt:for-index, default "index". */
  index: string;
  /** tt:key: "*this" or a field of each item. */
  key: string | undefined;
}

export interface CompiledElement {
  type: "element";
  tag: string;
  location: Location;
  /** Every attribute but the tt: directives and the event bindings. */
  attributes: Map<string, ValueTemplate>;
  condition: Condition | undefined;
  loop: Loop | undefined;
  events: EventBinding[];
  children: CompiledNode[];
  /** `<template is="…" data="{{…}}">`: what to render and with which data. */
  use?: { name: ValueTemplate; data: CompiledExpression | undefined };
  /** `<include src>` and `<import src>`: the path as written. */
  src?: string;
}

export interface CompiledText {
  type: "text";
  value: ValueTemplate;
  location: Location;
}

export type CompiledNode = CompiledElement | CompiledText;

/** `<template name="x">…</template>`: rendered where a `<template is="x">` asks for it. */
export interface TemplateDefinition {
  name: string;
  location: Location;
  children: CompiledNode[];
}

/** One .ttml file, compiled. */
export interface CompiledTemplate {
  file: string;
  source: SourceFile;
  /** The page's nodes (template definitions and imports are not among them). */
  nodes: CompiledNode[];
  templates: Map<string, TemplateDefinition>;
  imports: Array<{ src: string; location: Location }>;
}
