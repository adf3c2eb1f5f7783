import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  committedMigrationNames,
  createPrismaClient,
  migrateSqliteFile,
  pendingMigrations,
  readMigrations,
} from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const tmp = useTempDir("tt-migration-status-");
const clients: { $disconnect(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
});

function client(name: string) {
  const file = `${tmp}/${name}.db`;
  const db = createPrismaClient(file);
  clients.push(db);
  return { file, db };
}

describe("pendingMigrations", () => {
  const committed = committedMigrationNames();

  it("lists the committed migrations in order", () => {
    expect(committed).toEqual(readMigrations().map((migration) => migration.name));
    expect(committed.length).toBeGreaterThan(0);
  });

  it("answers every migration for a database never migrated, none once migrated", async () => {
    const { file, db } = client("fresh");
    expect(await pendingMigrations(db, committed)).toEqual(committed);
    migrateSqliteFile(file);
    expect(await pendingMigrations(db, committed)).toEqual([]);
  });

  it("counts unfinished and rolled-back migrations as pending", async () => {
    const { file, db } = client("partial");
    migrateSqliteFile(file);
    const [first, second] = committed;
    const raw = new Database(file);
    raw
      .prepare(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = ?`)
      .run(first);
    raw
      .prepare(`UPDATE _prisma_migrations SET rolled_back_at = 1 WHERE migration_name = ?`)
      .run(second);
    raw.close();
    expect(await pendingMigrations(db, committed)).toEqual([first, second]);
  });

  it("answers a migration committed after the database was migrated", async () => {
    const { file, db } = client("behind");
    migrateSqliteFile(file);
    expect(await pendingMigrations(db, [...committed, "29991231000000_next"])).toEqual([
      "29991231000000_next",
    ]);
  });
});
