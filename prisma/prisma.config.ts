import { repoRoot, withEnvFile } from "@tt/env";
import { defineConfig } from "prisma/config";
import { sqliteFilePath } from "./src/paths.ts";

// DATABASE_URL as every other process reads it: the environment, with .env underneath (the one
// loader), relative paths from the repository root. Not Prisma's env(): it makes `prisma generate`
// fail when the variable is unset.
const env = withEnvFile(process.env);
const url = `file:${sqliteFilePath(env.DATABASE_URL || "file:.data/dev.db", repoRoot)}`;

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url },
});
