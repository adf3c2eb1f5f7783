// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (default: .data/dev.db).
import path from "node:path";
import { migrateSqliteFile } from "../src/migrate.ts";
import { sqliteFilePath } from "../src/paths.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const url = process.env.DATABASE_URL ?? "file:.data/dev.db";
const filePath = sqliteFilePath(url, repoRoot);
const result = migrateSqliteFile(filePath);
const summary = result.applied.length
  ? `applied ${result.applied.join(", ")}`
  : "no pending migrations";
process.stdout.write(`${path.relative(repoRoot, filePath)}: ${summary}\n`);
