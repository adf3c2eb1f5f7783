import type { PrismaClient } from "./client.ts";
import { readMigrations } from "./migrate.ts";
import { migrationsDir } from "./paths.ts";

/** The names of the committed migrations, in the order they apply. */
export function committedMigrationNames(dir = migrationsDir): string[] {
  return readMigrations(dir).map((migration) => migration.name);
}

/**
 * The committed migrations (`committed`, see committedMigrationNames) that the database has not
 * applied: all of them when it has no `_prisma_migrations` table; a started but unfinished or
 * rolled-back migration counts as pending. For readiness checks: read-only, one or two queries.
 */
export async function pendingMigrations(
  db: Pick<PrismaClient, "$queryRaw">,
  committed: readonly string[],
): Promise<string[]> {
  const table = await db.$queryRaw<{ name: string }[]>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`;
  if (table.length === 0) return [...committed];
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return committed.filter((name) => !applied.has(name));
}
