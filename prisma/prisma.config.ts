import { repoRoot, withEnvFile } from "@tt/env";
import { defineConfig } from "prisma/config";
import { sqliteFilePath } from "./src/paths.ts";

// For Prisma's own CLI on a machine that has its engines (`prisma migrate status`, `deploy`):
// DATABASE_URL as every other process reads it (the environment, with .env underneath: the one
// loader; not Prisma's env(), which makes `prisma generate` fail when the variable is unset). A
// postgresql:// URL selects postgresql/, anything else sqlite/ (relative paths from the
// repository root). `pnpm db:generate` names each schema itself.
const env = withEnvFile(process.env);
const databaseUrl = env.DATABASE_URL || "file:.data/dev.db";
const postgres = /^postgres(ql)?:\/\//.test(databaseUrl);
const provider = postgres ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `${provider}/schema.prisma`,
  migrations: { path: `${provider}/migrations` },
  datasource: { url: postgres ? databaseUrl : `file:${sqliteFilePath(databaseUrl, repoRoot)}` },
});
