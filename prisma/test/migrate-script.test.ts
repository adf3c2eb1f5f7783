// `pnpm db:migrate` (scripts/migrate.ts) as a real process: DATABASE_URL comes from the environment
// or, underneath it, from .env (ENV_FILE here), through the loader every process shares.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readMigrations } from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir("tt-migrate-script-");
const packageRoot = path.resolve(import.meta.dirname, "..");

function migrateScript(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    cwd: packageRoot,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("pnpm db:migrate", () => {
  it("migrates the DATABASE_URL of the env file", () => {
    const file = path.join(tmp, "from-env-file.db");
    const envFile = path.join(tmp, "migrate.env");
    writeFileSync(envFile, `DATABASE_URL=file:${file}\n`);
    const run = migrateScript({ ENV_FILE: envFile });
    expect(run.status, run.output).toBe(0);
    expect(existsSync(file)).toBe(true);
    const names = readMigrations().map((migration) => migration.name);
    expect(run.output).toContain(`applied ${names.join(", ")}`);
  });

  it("prefers the environment's DATABASE_URL to the file's", () => {
    const fromEnv = path.join(tmp, "from-environment.db");
    const fromFile = path.join(tmp, "not-this.db");
    const envFile = path.join(tmp, "other.env");
    writeFileSync(envFile, `DATABASE_URL=file:${fromFile}\n`);
    const run = migrateScript({ ENV_FILE: envFile, DATABASE_URL: `file:${fromEnv}` });
    expect(run.status, run.output).toBe(0);
    expect(existsSync(fromEnv)).toBe(true);
    expect(existsSync(fromFile)).toBe(false);
  });
});
