// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (default: .data/dev.db; a
// postgresql:// URL applies the PostgreSQL ones). This process's only reader of the environment:
// process.env with .env at the repository root (or ENV_FILE) underneath it, through the loader
// every process shares.
import path from "node:path";
import { repoRoot, withEnvFile } from "@tt/env";
import { databaseLocation, migrateDatabase } from "../src/database.ts";

const env = withEnvFile(process.env);
const location = databaseLocation(env.DATABASE_URL || "file:.data/dev.db", repoRoot);
const result = await migrateDatabase(location);
const summary = result.applied.length
  ? `applied ${result.applied.join(", ")}`
  : "no pending migrations";
const where =
  location.provider === "sqlite"
    ? path.relative(repoRoot, location.file)
    : `PostgreSQL ${new URL(location.url).host}`;
process.stdout.write(`${where}: ${summary}\n`);
