export {
  type CompileOptions,
  type CompileResult,
  checkTemplate,
  compileTemplate,
} from "./compile.ts";
export type {
  CompiledElement,
  CompiledExpression,
  CompiledNode,
  CompiledTemplate,
  EventBinding,
  EventPhase,
  ValueTemplate,
} from "./compiled.ts";
export {
  BUBBLING_EVENTS,
  BUILD_MARKERS,
  DISABLEABLE,
  DOUYIN_COMPONENTS,
  TTML_TAGS,
} from "./components.ts";
export { TtmlCheckError, TtmlError, TtmlRenderError, throwIfAny } from "./errors.ts";
export type { Expression } from "./expression/ast.ts";
export { EvaluationError, evaluate, Scope } from "./expression/evaluate.ts";
export { ExpressionSyntaxError } from "./expression/lexer.ts";
export { parseExpression } from "./expression/parser.ts";
export {
  checkLinkedTemplate,
  type LinkedTemplate,
  linkTemplate,
  resolvePath,
  type TemplateReader,
} from "./link.ts";
export { splitMustaches } from "./mustache.ts";
export { checkPage, type PageShape } from "./page-check.ts";
export {
  datasetKey,
  display,
  type RenderedElement,
  type RenderedEvent,
  type RenderedNode,
  type RenderedText,
  renderTemplate,
} from "./render.ts";
export { collapse, elementsOf, formatRendered, isDisabled, isShown, textOf } from "./rendered.ts";
export type { Location } from "./source.ts";
