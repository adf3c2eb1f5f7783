import { createPrismaClient as createSqliteClient, type PrismaClient } from "./client.ts";
import { type MigrationResult, migrateSqliteFile } from "./migrate.ts";
import { type DatabaseProvider, sqliteFilePath } from "./paths.ts";
import { isPostgresUrl, postgresTarget } from "./postgres-url.ts";

/** Where the data lives: a SQLite file, or a PostgreSQL database (and schema). */
export type DatabaseLocation =
  | { provider: "sqlite"; file: string }
  | { provider: "postgresql"; url: string };

/**
 * DATABASE_URL read: `postgresql://…` (or `postgres://`) selects PostgreSQL, `file:…` SQLite (a
 * relative path resolves against `baseDir`). Throws with a readable message for anything else.
 */
export function databaseLocation(url: string, baseDir: string): DatabaseLocation {
  if (isPostgresUrl(url)) {
    postgresTarget(url); // refuses a schema name or connection_limit it cannot use
    return { provider: "postgresql", url };
  }
  if (!url.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be file:<path> (SQLite) or postgresql://… (got "${url.split(":")[0]}:")`,
    );
  }
  return { provider: "sqlite", file: sqliteFilePath(url, baseDir) };
}

/**
 * The Prisma client for the location. PostgreSQL's client, adapter and driver are loaded only when
 * asked for (a SQLite deployment never parses them).
 */
export async function openDatabase(location: DatabaseLocation): Promise<PrismaClient> {
  if (location.provider === "sqlite") return createSqliteClient(location.file);
  const { openPostgresPool, postgresPrismaClient } = await import("./postgres-pool.ts");
  const { pool, schema } = await openPostgresPool(location.url);
  return postgresPrismaClient(pool, schema, true);
}

/** Applies the provider's pending migrations (see migrate.ts and migrate-postgres.ts). */
export async function migrateDatabase(location: DatabaseLocation): Promise<MigrationResult> {
  if (location.provider === "sqlite") return migrateSqliteFile(location.file);
  const { migratePostgres } = await import("./migrate-postgres.ts");
  return migratePostgres(location.url);
}

export type { DatabaseProvider };
