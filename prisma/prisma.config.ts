import path from "node:path";
import { defineConfig } from "prisma/config";

// Read with process.env and a default: Prisma's env() makes `prisma generate` fail when unset.
const defaultUrl = `file:${path.resolve(import.meta.dirname, "../.data/dev.db")}`;

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? defaultUrl },
});
