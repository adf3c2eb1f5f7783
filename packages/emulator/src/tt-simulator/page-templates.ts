import { readFileSync } from "node:fs";
import path from "node:path";
import {
  checkLinkedTemplate,
  checkPage,
  type LinkedTemplate,
  TtmlCheckError,
  type TtmlError,
} from "@tt/ttml";

/**
 * Compiles every page's template of a built program (with what it imports and includes), as
 * strictly as Douyin's compiler: throws a TtmlCheckError listing every mistake of every page.
 */
export function loadPageTemplates(
  root: string,
  pages: readonly string[],
): Map<string, LinkedTemplate> {
  const appComponents = usingComponents(readJson(root, "app.json"));
  const templates = new Map<string, LinkedTemplate>();
  const errors: TtmlError[] = [];
  for (const route of pages) {
    const customComponents = [
      ...appComponents,
      ...usingComponents(readJson(root, `${route}.json`)),
    ];
    const result = checkLinkedTemplate(`${route}.ttml`, (file) => readProgramFile(root, file), {
      customComponents,
      buildMarkers: "reject",
    });
    errors.push(...result.errors);
    if (result.linked) templates.set(route, result.linked);
  }
  if (errors.length > 0) throw new TtmlCheckError(errors);
  return templates;
}

/**
 * Checks each page's definition against its template: every handler a method of the page, every
 * data path in its initial data. Throws a TtmlCheckError listing every mismatch.
 */
export function checkPageDefinitions(
  templates: ReadonlyMap<string, LinkedTemplate>,
  definitions: ReadonlyMap<string, Record<string, unknown>>,
): void {
  const errors: TtmlError[] = [];
  for (const [route, linked] of templates) {
    const definition = definitions.get(route) ?? {};
    const methods = Object.keys(definition).filter((key) => typeof definition[key] === "function");
    const data = definition.data;
    errors.push(...checkPage(linked, { methods, data: isRecord(data) ? data : {} }));
  }
  if (errors.length > 0) throw new TtmlCheckError(errors);
}

/** A file of the program by its path from the root; undefined when missing or outside. */
export function readProgramFile(root: string, file: string): string | undefined {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  try {
    return readFileSync(absolute, "utf8");
  } catch {
    return undefined;
  }
}

export function readJson(root: string, file: string): Record<string, unknown> | undefined {
  const text = readProgramFile(root, file);
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  return isRecord(value) ? value : undefined;
}

function usingComponents(config: Record<string, unknown> | undefined): string[] {
  const components = config?.usingComponents;
  return isRecord(components) ? Object.keys(components) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
