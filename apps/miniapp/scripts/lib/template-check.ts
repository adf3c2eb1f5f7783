import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { checkLinkedTemplate, checkPage, TtmlCheckError, type TtmlError } from "@tt/ttml";
import { readPageDefinition } from "./page-definitions.ts";

/**
 * Checks every page template of a built mini-program (the folder the build wrote), as strictly as
 * Douyin's compiler and more (see packages/ttml/README.md): well-formed tags, known components
 * (plus the usingComponents of app.json and the page's .json), parseable `{{ }}` expressions,
 * every handler a method of the page, every data path in the page's initial data. The page's
 * methods and data come from running its bundle with inert stand-ins (page-definitions.ts).
 * Build markers (`emulator-only`, `real-only`) left in dist/ are mistakes too.
 * Throws a TtmlCheckError listing every mistake of every page.
 */
export async function checkBuiltTemplates(outDir: string): Promise<void> {
  const appJson = await readJson(outDir, "app.json");
  const pages = Array.isArray(appJson?.pages) ? (appJson.pages as unknown[]) : [];
  const sources = await readTemplates(outDir);
  const errors: TtmlError[] = [];
  for (const route of pages) {
    if (typeof route !== "string") continue;
    const pageJson = await readJson(outDir, `${route}.json`);
    const result = checkLinkedTemplate(`${route}.ttml`, (file) => sources.get(file), {
      customComponents: [...componentsOf(appJson), ...componentsOf(pageJson)],
      buildMarkers: "reject",
    });
    errors.push(...result.errors);
    if (!result.linked) continue;
    errors.push(...checkPage(result.linked, await readPageDefinition(outDir, route)));
  }
  if (errors.length > 0) throw new TtmlCheckError(errors);
}

/** Every .ttml of the output by its path from the root: what an import or include can name. */
async function readTemplates(outDir: string): Promise<Map<string, string>> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ttml"))
    .map((entry) => path.relative(outDir, path.join(entry.parentPath, entry.name)));
  const texts = await Promise.all(files.map((file) => readFile(path.join(outDir, file), "utf8")));
  return new Map(files.map((file, index) => [file.split(path.sep).join("/"), texts[index] ?? ""]));
}

async function readJson(
  outDir: string,
  file: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(path.join(outDir, file), "utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function componentsOf(config: Record<string, unknown> | undefined): string[] {
  const components = config?.usingComponents;
  return typeof components === "object" && components !== null ? Object.keys(components) : [];
}
