import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type DatabaseProvider, migrationsDir as defaultMigrationsDir } from "./paths.ts";
import { ensurePrivateSqliteFile } from "./sqlite-file.ts";

// Prisma's own bookkeeping table for SQLite, created exactly as its schema engine creates it, so
// that `prisma migrate status` and `prisma migrate deploy` (where the engine is available) read our
// rows as their own. Dates are integers of epoch milliseconds, as the engine writes them on SQLite.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma computes it. */
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const migrationFolderPattern = /^\d{14}_[A-Za-z0-9_]+$/;

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** The committed migrations of `dir` (for `expected`), ordered by folder name as Prisma does. */
export function readMigrations(
  dir = defaultMigrationsDir,
  expected: DatabaseProvider = "sqlite",
): MigrationFile[] {
  const lock = readFileSync(path.join(dir, "migration_lock.toml"), "utf8");
  const provider = /^provider\s*=\s*"([^"]+)"/m.exec(lock)?.[1];
  if (provider !== expected) {
    throw new MigrationError(
      `migration_lock.toml is for "${provider}", this applier is for ${expected}`,
    );
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && migrationFolderPattern.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

export interface AppliedRow {
  id: string;
  migration_name: string;
  checksum: string;
  /** Epoch milliseconds on SQLite, a Date on PostgreSQL. */
  finished_at: number | Date | null;
  rolled_back_at: number | Date | null;
}

/**
 * Checksums of applied migrations that match the file, as Prisma accepts them: also with the other
 * line-ending convention, since git may have converted the file on checkout.
 */
function checksumMatches(file: MigrationFile, recorded: string): boolean {
  const variants = [
    file.sql,
    file.sql.replaceAll("\r\n", "\n"),
    file.sql.replaceAll("\r\n", "\n").replaceAll("\n", "\r\n"),
  ];
  return variants.some((sql) => checksumOf(sql) === recorded);
}

/** Refuses a history with an unfinished migration or an applied file that changed since. */
export function verifyHistory(rows: AppliedRow[], files: MigrationFile[]): void {
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} started but did not finish. Inspect the database, then ` +
        "mark it rolled back (prisma migrate resolve --rolled-back) before starting again.",
    );
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    if (row.rolled_back_at !== null) continue;
    const file = byName.get(row.migration_name);
    if (file && !checksumMatches(file, row.checksum)) {
      throw new MigrationError(
        `Migration ${row.migration_name} was changed after it was applied (checksum differs). ` +
          "Restore the file as it was applied and add a new migration for the change.",
      );
    }
  }
}

/**
 * Applies every pending migration to an open SQLite database, each in its own transaction, and
 * records it in `_prisma_migrations` as Prisma does. Refuses to run when an applied migration's
 * file changed or a migration is recorded as started but unfinished.
 */
export function applyMigrations(
  db: Database.Database,
  dir = defaultMigrationsDir,
): MigrationResult {
  const files = readMigrations(dir);
  db.exec(createMigrationsTable);
  const listApplied = db.prepare<[], AppliedRow>(
    `SELECT id, migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  verifyHistory(listApplied.all(), files);

  const isApplied = db.prepare<[string], { id: string }>(
    `SELECT id FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const recordStarted = db.prepare(
    `INSERT INTO "_prisma_migrations" (id, checksum, started_at, migration_name) VALUES (?, ?, ?, ?)`,
  );
  const recordStep = db.prepare(
    `UPDATE "_prisma_migrations" SET applied_steps_count = applied_steps_count + 1 WHERE id = ?`,
  );
  const recordFinished = db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ? WHERE id = ?`);

  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const file of files) {
    // IMMEDIATE takes the write lock first, so two processes starting together apply each
    // migration once: the second sees the first one's row when it gets the lock.
    const applyOne = db.transaction(() => {
      if (isApplied.get(file.name)) return false;
      const id = randomUUID();
      recordStarted.run(id, file.checksum, Date.now(), file.name);
      db.exec(file.sql);
      recordStep.run(id);
      recordFinished.run(Date.now(), id);
      return true;
    });
    try {
      const applied = applyOne.immediate();
      (applied ? result.applied : result.alreadyApplied).push(file.name);
    } catch (error) {
      throw new MigrationError(
        `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return result;
}

/** Opens (creating if needed) the SQLite file and applies pending migrations. */
export function migrateSqliteFile(filePath: string, dir = defaultMigrationsDir): MigrationResult {
  ensurePrivateSqliteFile(filePath);
  const db = new Database(filePath, { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    return applyMigrations(db, dir);
  } finally {
    db.close();
  }
}
