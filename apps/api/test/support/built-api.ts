// The built API (`pnpm build`'s bundle), made once per test file in a folder of its own,
// apps/api/.test-build-*: beside dist/ (at the same depth, as the bundle finds the repository's
// root from where it lies), so that test files building at the same time do not overwrite each
// other.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const apiDir = path.resolve(import.meta.dirname, "../..");

export interface BuiltApi {
  /** The folder holding server.js, migrate.js and migrations/. */
  readonly dir: string;
  remove(): void;
}

export async function buildApi(): Promise<BuiltApi> {
  const dir = mkdtempSync(path.join(apiDir, ".test-build-"));
  await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--outdir", path.relative(apiDir, dir)],
    { cwd: apiDir },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
