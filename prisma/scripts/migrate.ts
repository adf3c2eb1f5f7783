// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (default: .data/dev.db).
// This process's only reader of the environment: process.env with .env at the repository root (or
// ENV_FILE) underneath it, through the loader every process shares.
import path from "node:path";
import { repoRoot, withEnvFile } from "@tt/env";
import { migrateSqliteFile } from "../src/migrate.ts";
import { sqliteFilePath } from "../src/paths.ts";

const env = withEnvFile(process.env);
const url = env.DATABASE_URL || "file:.data/dev.db";
const filePath = sqliteFilePath(url, repoRoot);
const result = migrateSqliteFile(filePath);
const summary = result.applied.length
  ? `applied ${result.applied.join(", ")}`
  : "no pending migrations";
process.stdout.write(`${path.relative(repoRoot, filePath)}: ${summary}\n`);
