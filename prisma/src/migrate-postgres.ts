import { randomUUID } from "node:crypto";
import pg from "pg";
import { MigrationError, type MigrationResult, readMigrations, verifyHistory } from "./migrate.ts";
import { migrationsDirOf } from "./paths.ts";
import { type PostgresTarget, postgresTarget } from "./postgres-url.ts";

// Prisma's bookkeeping table on PostgreSQL, created as its schema engine creates it, so that
// `prisma migrate status` and `prisma migrate deploy` (where the engine is available) read our rows
// as their own.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * The session advisory lock held while migrating: processes starting together wait for each other,
 * so each migration is applied once. (?) The same key Prisma's migrate takes on PostgreSQL, read
 * from its engine's sources, so that our applier and `prisma migrate deploy` exclude each other
 * too; unconfirmed against a running Prisma engine (none can be downloaded here).
 */
const MIGRATION_LOCK = 72_707_369;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Applies every pending PostgreSQL migration to `url`'s database (its `schema` parameter, created
 * if missing; `public` by default), each in its own transaction, recording `_prisma_migrations` as
 * Prisma does. Refuses to run when an applied migration's file changed or one is unfinished.
 */
export async function migratePostgres(
  url: string,
  dir = migrationsDirOf("postgresql"),
): Promise<MigrationResult> {
  const files = readMigrations(dir, "postgresql");
  const target: PostgresTarget = postgresTarget(url);
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(target.schema)}`);
    await client.query(`SET search_path TO ${quoteIdent(target.schema)}`);
    await client.query(createMigrationsTable);
    const history = await client.query(
      `SELECT id, migration_name, checksum, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at`,
    );
    verifyHistory(history.rows, files);
    const applied = new Set(
      history.rows
        .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
        .map((row) => row.migration_name as string),
    );
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const file of files) {
      if (applied.has(file.name)) {
        result.alreadyApplied.push(file.name);
        continue;
      }
      try {
        await client.query("BEGIN");
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name)
           VALUES ($1, $2, now(), $3)`,
          [id, file.checksum, file.name],
        );
        await client.query(file.sql);
        await client.query(
          `UPDATE "_prisma_migrations"
           SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(
          `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
          { cause: error },
        );
      }
      result.applied.push(file.name);
    }
    return result;
  } finally {
    // Ending the session releases the advisory lock.
    await client.end();
  }
}
