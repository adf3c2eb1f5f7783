// The built API (`pnpm build`'s bundle), made once per test file in a folder of its own under
// apps/api/.test-builds, so test files that build at the same time do not overwrite each other.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const apiDir = path.resolve(import.meta.dirname, "../..");

export interface BuiltApi {
  /** The folder holding server.js, migrate.js and migrations/. */
  readonly dir: string;
  remove(): void;
}

export async function buildApi(): Promise<BuiltApi> {
  const parent = path.join(apiDir, ".test-builds");
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, "build-"));
  await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--outdir", path.relative(apiDir, dir)],
    { cwd: apiDir },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
