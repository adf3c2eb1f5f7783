import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const miniappRoot = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const repoRoot = path.resolve(miniappRoot, "../..");

/**
 * tsx's loader as a file URL, for `node --import`. Resolved from this package: the repository
 * root has no tsx of its own, so a bare `--import tsx` with cwd = root would not find it.
 */
export const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
