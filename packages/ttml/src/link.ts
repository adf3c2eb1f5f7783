import { type CompileOptions, checkTemplate } from "./compile.ts";
import type { CompiledNode, CompiledTemplate, TemplateDefinition } from "./compiled.ts";
import { TtmlCheckError, TtmlError } from "./errors.ts";
import type { Location } from "./source.ts";

/** Reads a template of the program by its path from the program's root ("pages/a/a.ttml"). */
export type TemplateReader = (file: string) => string | undefined;

/** A page's template with every file it imports or includes, compiled. */
export interface LinkedTemplate {
  main: CompiledTemplate;
  /** Every compiled file, by its path from the program's root. */
  files: ReadonlyMap<string, CompiledTemplate>;
  /** The file an `<include src>` or `<import src>` of `from` names. */
  resolve(from: CompiledTemplate, src: string): CompiledTemplate | undefined;
  /** The templates `file` can use: its own and those of the files it imports. */
  templatesOf(file: CompiledTemplate): ReadonlyMap<string, VisibleTemplate>;
}

export interface VisibleTemplate {
  definition: TemplateDefinition;
  file: CompiledTemplate;
}

/**
 * Compiles `file` and everything it imports or includes (read through `read`). Returns the
 * mistakes of every file instead of throwing; `linked` is undefined when there are any.
 */
export function checkLinkedTemplate(
  file: string,
  read: TemplateReader,
  options: CompileOptions = {},
): { linked: LinkedTemplate | undefined; errors: TtmlError[] } {
  const files = new Map<string, CompiledTemplate>();
  const errors: TtmlError[] = [];
  const visiting: string[] = [];

  const load = (path: string, requestedAt: Location | undefined, how: string): void => {
    if (visiting.includes(path)) {
      const cycle = [...visiting.slice(visiting.indexOf(path)), path].join(" → ");
      errors.push(new TtmlError(requestedAt ?? origin(path), `${how} cycle: ${cycle}`));
      return;
    }
    if (files.has(path)) return;
    const text = read(path);
    if (text === undefined) {
      errors.push(new TtmlError(requestedAt ?? origin(path), `${how} "${path}": no such file`));
      return;
    }
    const result = checkTemplate(path, text, options);
    errors.push(...result.errors);
    const { template } = result;
    if (!template) return;
    files.set(path, template);
    visiting.push(path);
    for (const { src, location } of template.imports)
      load(resolvePath(path, src), location, "import");
    const definitions = [...template.templates.values()].flatMap(
      (definition) => definition.children,
    );
    for (const include of includesOf([...template.nodes, ...definitions])) {
      if (include.src !== undefined)
        load(resolvePath(path, include.src), include.location, "include");
    }
    visiting.pop();
  };

  load(file, undefined, "template");
  const main = files.get(file);
  if (!main || errors.length > 0) return { linked: undefined, errors };

  const visible = new Map<CompiledTemplate, Map<string, VisibleTemplate>>();
  const linked: LinkedTemplate = {
    main,
    files,
    resolve: (from, src) => files.get(resolvePath(from.file, src)),
    templatesOf(template) {
      let found = visible.get(template);
      if (found) return found;
      found = new Map();
      for (const { src } of template.imports) {
        const imported = linked.resolve(template, src);
        for (const [name, definition] of imported?.templates ?? []) {
          found.set(name, { definition, file: imported as CompiledTemplate });
        }
      }
      for (const [name, definition] of template.templates)
        found.set(name, { definition, file: template });
      visible.set(template, found);
      return found;
    },
  };
  return { linked, errors };
}

/** Like checkLinkedTemplate, but throws a TtmlCheckError listing the mistakes. */
export function linkTemplate(
  file: string,
  read: TemplateReader,
  options: CompileOptions = {},
): LinkedTemplate {
  const { linked, errors } = checkLinkedTemplate(file, read, options);
  if (!linked) throw new TtmlCheckError(errors);
  return linked;
}

/** "/common/x" or "../common/x.ttml" from "pages/a/a.ttml" → "common/x.ttml". */
export function resolvePath(from: string, src: string): string {
  const base = src.startsWith("/") ? [] : from.split("/").slice(0, -1);
  for (const segment of src.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") base.pop();
    else base.push(segment);
  }
  const joined = base.join("/");
  return /\.\w+$/.test(joined) ? joined : `${joined}.ttml`;
}

function* includesOf(
  nodes: readonly CompiledNode[],
): Generator<CompiledNode & { type: "element" }> {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    if (node.tag === "include") yield node;
    yield* includesOf(node.children);
  }
}

function origin(file: string): Location {
  return { file, line: 1, column: 1 };
}
