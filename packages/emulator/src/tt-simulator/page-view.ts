import {
  type CompiledNode,
  collapse,
  elementsOf,
  formatRendered,
  isDisabled,
  isShown,
  type LinkedTemplate,
  type RenderedElement,
  renderTemplate,
  textOf,
} from "@tt/ttml";

/** A button as the user sees it. */
export interface ButtonView {
  label: string;
  disabled: boolean;
  openType: string | undefined;
  /** Event → handler, e.g. { tap: "onRetry" }. */
  handlers: Record<string, string>;
}

/** What a page displays now: its template rendered against its current data. */
export interface RenderedView {
  /** The rendered tree (hidden elements included, marked `hidden`). */
  readonly root: RenderedElement;
  /** One line per shown element: its tag, its text, its handlers and `disabled`. */
  readonly text: string;
  /** Every piece of text on screen, in order (an element's own text, white space collapsed). */
  readonly texts: readonly string[];
  readonly buttons: readonly ButtonView[];
  toString(): string;
}

/** Renders the template against `data`; throws a TtmlRenderError naming file and line. */
export function renderView(template: LinkedTemplate, data: Record<string, unknown>): RenderedView {
  const root = renderTemplate(template, data);
  const shown = [...elementsOf(root)].filter((element) => element !== root && isShown(element));
  const text = formatRendered(root);
  const texts = shown
    .map((element) =>
      collapse(
        element.children.map((child) => (child.type === "text" ? child.text : " ")).join(""),
      ),
    )
    .filter((line) => line !== "");
  const buttons = shown
    .filter((element) => element.tag === "button")
    .map((element) => ({
      label: textOf(element),
      disabled: isDisabled(element),
      openType:
        typeof element.attributes["open-type"] === "string"
          ? element.attributes["open-type"]
          : undefined,
      handlers: Object.fromEntries(element.events.map((event) => [event.event, event.handler])),
    }));
  return { root, text, texts, buttons, toString: () => text };
}

/** Shown elements that bind `event` to `handler`, in document order. */
export function boundElements(
  view: RenderedView,
  event: string,
  handler: string,
): RenderedElement[] {
  return shownElements(view).filter((element) =>
    element.events.some((binding) => binding.event === event && binding.handler === handler),
  );
}

/** The handlers bound to `event` on screen now. */
export function shownHandlers(view: RenderedView, event: string): string[] {
  const handlers = shownElements(view).flatMap((element) =>
    element.events.filter((binding) => binding.event === event).map((binding) => binding.handler),
  );
  return [...new Set(handlers)];
}

/** Shown buttons whose text is `label` (white space collapsed). */
export function buttonsLabelled(view: RenderedView, label: string): RenderedElement[] {
  const wanted = collapse(label);
  return shownElements(view).filter(
    (element) => element.tag === "button" && textOf(element) === wanted,
  );
}

/** Every method name the template binds to `event`, shown or not (`{{dynamic}}` ones excluded). */
export function templateHandlers(template: LinkedTemplate, event: string): string[] {
  const found = new Set<string>();
  const visit = (nodes: readonly CompiledNode[]) => {
    for (const node of nodes) {
      if (node.type !== "element") continue;
      for (const binding of node.events) {
        if (binding.event === event && binding.handler.kind === "method")
          found.add(binding.handler.name);
      }
      visit(node.children);
    }
  };
  for (const file of template.files.values()) {
    visit(file.nodes);
    for (const definition of file.templates.values()) visit(definition.children);
  }
  return [...found];
}

/** `<button> "Log out" (pages/index/index.ttml:41)` */
export function describeElement(element: RenderedElement): string {
  const text = textOf(element);
  const { file, line } = element.location;
  return `<${element.tag}>${text ? ` "${text}"` : ""} (${file}:${line})`;
}

function shownElements(view: RenderedView): RenderedElement[] {
  return [...elementsOf(view.root)].filter((element) => element !== view.root && isShown(element));
}
