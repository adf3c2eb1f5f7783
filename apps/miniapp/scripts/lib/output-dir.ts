import { access, mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Empties the output folder so deleted pages do not linger, but only when it is empty or holds a
 * previous build (a project.config.json): a mistyped --out must not wipe someone's folder.
 */
export async function prepareOutDir(outDir: string, srcDir: string): Promise<void> {
  const relative = path.relative(outDir, srcDir);
  if (relative === "" || !relative.startsWith("..")) {
    throw new Error(`Output folder ${outDir} contains the sources: choose another --out`);
  }
  const existing = await readdir(outDir).catch(() => []);
  if (existing.length > 0) {
    const previousBuild = await access(path.join(outDir, "project.config.json")).then(
      () => true,
      () => false,
    );
    if (!previousBuild) {
      throw new Error(`Refusing to empty ${outDir}: it is not empty and holds no previous build`);
    }
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
}
