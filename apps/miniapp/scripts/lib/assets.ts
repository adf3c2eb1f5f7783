import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { applyModeMarkers } from "./mode-markers.ts";
import type { BuildMode } from "./target.ts";

/** Files the mini-program runtime reads as they are (page config, templates, styles). */
const assetExtensions = new Set([".json", ".ttml", ".ttss"]);

export function isAsset(relativePath: string): boolean {
  return assetExtensions.has(path.extname(relativePath));
}

export async function listAssets(srcDir: string): Promise<string[]> {
  const files = await readdir(srcDir, { recursive: true, withFileTypes: true });
  return files
    .filter((entry) => entry.isFile() && isAsset(entry.name))
    .map((entry) => path.relative(srcDir, path.join(entry.parentPath, entry.name)))
    .sort();
}

export async function copyAssets(
  srcDir: string,
  outDir: string,
  mode: BuildMode,
): Promise<string[]> {
  const assets = await listAssets(srcDir);
  await Promise.all(assets.map((asset) => syncAsset(srcDir, outDir, asset, mode)));
  return assets;
}

/**
 * Copies one asset, or removes its copy when the source is gone. Templates keep only the elements
 * of the build's mode (mode-markers.ts).
 */
export async function syncAsset(
  srcDir: string,
  outDir: string,
  relativePath: string,
  mode: BuildMode,
) {
  const from = path.join(srcDir, relativePath);
  const to = path.join(outDir, relativePath);
  try {
    await mkdir(path.dirname(to), { recursive: true });
    if (path.extname(relativePath) === ".ttml") {
      const source = await readFile(from, "utf8");
      await writeFile(to, applyModeMarkers(source, mode, relativePath));
    } else {
      await copyFile(from, to);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await rm(to, { force: true });
  }
}
