import type { PrismaClient } from "./client.ts";
import { readMigrations } from "./migrate.ts";
import { type DatabaseProvider, migrationsDirOf } from "./paths.ts";

/** The names of the provider's committed migrations, in the order they apply. */
export function committedMigrationNames(
  provider: DatabaseProvider = "sqlite",
  dir = migrationsDirOf(provider),
): string[] {
  return readMigrations(dir, provider).map((migration) => migration.name);
}

/**
 * The committed migrations (`committed`, see committedMigrationNames) that the database has not
 * applied: all of them when it has no `_prisma_migrations` table; a started but unfinished or
 * rolled-back migration counts as pending. For readiness checks: read-only, one or two queries.
 */
export async function pendingMigrations(
  db: Pick<PrismaClient, "$queryRaw">,
  committed: readonly string[],
  provider: DatabaseProvider = "sqlite",
): Promise<string[]> {
  const table =
    provider === "sqlite"
      ? await db.$queryRaw<unknown[]>`
          SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`
      : await db.$queryRaw<unknown[]>`
          SELECT 1 FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name = '_prisma_migrations'`;
  if (table.length === 0) return [...committed];
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return committed.filter((name) => !applied.has(name));
}
