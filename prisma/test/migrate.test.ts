import { createHash } from "node:crypto";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  MigrationError,
  migrateSqliteFile,
  migrationsDir,
  readMigrations,
} from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir();

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: number | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: number | null;
  started_at: number;
  applied_steps_count: number;
}

function rows(file: string): MigrationRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`)
      .all() as MigrationRow[];
  } finally {
    db.close();
  }
}

/** A private copy of the committed migrations that a test may change. */
function copyOfMigrations(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe("migrations applied by the project", () => {
  it("applies every committed migration once and records it as Prisma does", () => {
    const file = path.join(tmp, "fresh.db");
    const before = Date.now();
    const first = migrateSqliteFile(file);
    const names = readMigrations().map((m) => m.name);
    expect(first.applied).toEqual(names);

    const recorded = rows(file);
    expect(recorded.map((r) => r.migration_name)).toEqual(names);
    for (const row of recorded) {
      const sql = readFileSync(path.join(migrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.started_at).toBeGreaterThanOrEqual(before);
      expect(row.finished_at).toBeGreaterThanOrEqual(row.started_at);
    }

    const second = migrateSqliteFile(file);
    expect(second).toEqual({ applied: [], alreadyApplied: names });
    expect(rows(file)).toEqual(recorded);
  });

  it("creates _prisma_migrations with Prisma's own definition", () => {
    const file = path.join(tmp, "table.db");
    migrateSqliteFile(file);
    const db = new Database(file, { readonly: true });
    const columns = db.prepare(`PRAGMA table_info("_prisma_migrations")`).all();
    db.close();
    expect(columns).toEqual([
      { cid: 0, name: "id", type: "TEXT", notnull: 1, dflt_value: null, pk: 1 },
      { cid: 1, name: "checksum", type: "TEXT", notnull: 1, dflt_value: null, pk: 0 },
      { cid: 2, name: "finished_at", type: "DATETIME", notnull: 0, dflt_value: null, pk: 0 },
      { cid: 3, name: "migration_name", type: "TEXT", notnull: 1, dflt_value: null, pk: 0 },
      { cid: 4, name: "logs", type: "TEXT", notnull: 0, dflt_value: null, pk: 0 },
      { cid: 5, name: "rolled_back_at", type: "DATETIME", notnull: 0, dflt_value: null, pk: 0 },
      {
        cid: 6,
        name: "started_at",
        type: "DATETIME",
        notnull: 1,
        dflt_value: "current_timestamp",
        pk: 0,
      },
      {
        cid: 7,
        name: "applied_steps_count",
        type: "INTEGER UNSIGNED",
        notnull: 1,
        dflt_value: "0",
        pk: 0,
      },
    ]);
  });

  it("applies only the new migration when one is added later", () => {
    const dir = copyOfMigrations("added");
    const file = path.join(tmp, "added.db");
    migrateSqliteFile(file, dir);
    const name = "29991231000000_add_note";
    cpSync(path.join(dir, readMigrations(dir)[0]?.name ?? ""), path.join(dir, name), {
      recursive: true,
    });
    writeFileSync(path.join(dir, name, "migration.sql"), 'CREATE TABLE "Note" ("id" TEXT);\n');
    const result = migrateSqliteFile(file, dir);
    expect(result.applied).toEqual([name]);
    expect(rows(file).at(-1)?.migration_name).toBe(name);
  });

  it("refuses to start when an applied migration's file changed", () => {
    const dir = copyOfMigrations("changed");
    const file = path.join(tmp, "changed.db");
    migrateSqliteFile(file, dir);
    const first = readMigrations(dir)[0];
    if (!first) throw new Error("no migrations committed");
    writeFileSync(path.join(dir, first.name, "migration.sql"), `${first.sql}\n-- edited\n`);
    expect(() => migrateSqliteFile(file, dir)).toThrow(/was changed after it was applied/);
  });

  it("accepts a file whose line endings git converted", () => {
    const dir = copyOfMigrations("crlf");
    const file = path.join(tmp, "crlf.db");
    migrateSqliteFile(file, dir);
    const first = readMigrations(dir)[0];
    if (!first) throw new Error("no migrations committed");
    writeFileSync(path.join(dir, first.name, "migration.sql"), first.sql.replaceAll("\n", "\r\n"));
    expect(migrateSqliteFile(file, dir).applied).toEqual([]);
  });

  it("rolls back a failing migration entirely and records nothing for it", () => {
    const dir = copyOfMigrations("failing");
    const name = "29991231000000_broken";
    cpSync(path.join(dir, readMigrations(dir)[0]?.name ?? ""), path.join(dir, name), {
      recursive: true,
    });
    writeFileSync(
      path.join(dir, name, "migration.sql"),
      'CREATE TABLE "Half" ("id" TEXT);\nCREATE TABLE "User" ("id" TEXT);\n',
    );
    const file = path.join(tmp, "failing.db");
    expect(() => migrateSqliteFile(file, dir)).toThrow(MigrationError);
    const db = new Database(file, { readonly: true });
    const half = db.prepare(`SELECT name FROM sqlite_master WHERE name = 'Half'`).get();
    db.close();
    expect(half).toBeUndefined();
    expect(rows(file).map((r) => r.migration_name)).not.toContain(name);
  });

  it("refuses to start over a migration Prisma recorded as started but unfinished", () => {
    const file = path.join(tmp, "unfinished.db");
    const db = new Database(file);
    applyMigrations(db);
    db.prepare(`UPDATE "_prisma_migrations" SET finished_at = NULL`).run();
    expect(() => applyMigrations(db)).toThrow(/did not finish/);
    db.close();
  });

  it("refuses a migrations folder locked to another provider", () => {
    const dir = copyOfMigrations("postgres");
    writeFileSync(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
    expect(() => readMigrations(dir)).toThrow(/postgresql/);
  });
});
