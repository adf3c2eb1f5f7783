import { access, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * esbuild entry points, keyed by output path without extension: `app` plus one per page listed in
 * app.json (app.json is what the runtime loads, so a page missing there would never run).
 */
export async function findEntries(srcDir: string): Promise<Record<string, string>> {
  const entries: Record<string, string> = { app: path.join(srcDir, "app.ts") };
  for (const page of await readPages(srcDir)) {
    const file = path.join(srcDir, `${page}.ts`);
    await access(file).catch(() => {
      throw new Error(
        `app.json lists page "${page}" but ${path.relative(srcDir, file)} is missing`,
      );
    });
    entries[page] = file;
  }
  return entries;
}

async function readPages(srcDir: string): Promise<string[]> {
  const appJson: unknown = JSON.parse(await readFile(path.join(srcDir, "app.json"), "utf8"));
  const pages = (appJson as { pages?: unknown }).pages;
  if (!Array.isArray(pages) || pages.some((page) => typeof page !== "string" || page === "")) {
    throw new Error('app.json: "pages" must be a list of page paths');
  }
  return pages as string[];
}

/** True for source files whose change changes the entry list. */
export function affectsEntries(relativePath: string): boolean {
  return relativePath === "app.json" || /^pages[\\/].+\.ts$/.test(relativePath);
}
