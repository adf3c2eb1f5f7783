// The PostgreSQL migrations, applied by our offline applier: they describe the same database as
// postgresql/schema.prisma (as the SQLite test does for SQLite), they are recorded in
// `_prisma_migrations` as Prisma records them, processes starting together apply each one once,
// and a changed applied file is refused.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  checksumOf,
  migrationsDirOf,
  postgresTarget,
  readMigrations,
  schemaPathOf,
} from "../src/index.ts";
import { migratePostgres } from "../src/migrate-postgres.ts";
import { testDatabaseUrl, usePostgresSchemas } from "./support/postgres.ts";
import { byName, describeSchema, type TableDescription } from "./support/schema-description.ts";

const newSchema = usePostgresSchemas();
const committed = readMigrations(migrationsDirOf("postgresql"), "postgresql");
const scratch = mkdtempSync(path.join(tmpdir(), "tt-pg-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { connectionString, schema } = postgresTarget(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function describeDatabase(url: string): Promise<Record<string, TableDescription>> {
  const { schema } = postgresTarget(url);
  return withClient(url, async (client) => {
    const tables = (
      await client.query(
        `SELECT table_name FROM information_schema.tables
         WHERE table_schema = $1 AND table_name <> '_prisma_migrations'`,
        [schema],
      )
    ).rows.map((row) => row.table_name as string);
    const described: Record<string, TableDescription> = {};
    for (const table of tables) {
      const columns = (
        await client.query(
          `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
           FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
          [`"${schema}"."${table}"`],
        )
      ).rows.map((row) => ({ name: row.name, type: row.type, notNull: row.not_null }));
      const indexes = (
        await client.query(
          `SELECT i.indisprimary AS primary, i.indisunique AS unique,
             array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                   ORDER BY k.n)::text[] AS columns
           FROM pg_index i WHERE i.indrelid = $1::regclass`,
          [`"${schema}"."${table}"`],
        )
      ).rows as { primary: boolean; unique: boolean; columns: string[] }[];
      const foreignKeys = (
        await client.query(
          `SELECT array(SELECT a.attname FROM unnest(c.conkey) AS k(attnum)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)::text[] AS from,
                 c.confrelid::regclass::text AS target, c.confdeltype AS on_delete
           FROM pg_constraint c WHERE c.conrelid = $1::regclass AND c.contype = 'f'`,
          [`"${schema}"."${table}"`],
        )
      ).rows as { from: string[]; target: string; on_delete: string }[];
      const actions: Record<string, string> = {
        a: "NO ACTION",
        r: "RESTRICT",
        c: "CASCADE",
        n: "SET NULL",
        d: "SET DEFAULT",
      };
      described[table] = {
        columns: columns.sort(byName),
        primaryKey: indexes.find((index) => index.primary)?.columns ?? [],
        unique: indexes
          .filter((index) => index.unique && !index.primary)
          .map((index) => index.columns.join(","))
          .sort(),
        foreignKeys: foreignKeys
          .map((fk) => ({
            from: fk.from.join(","),
            table: fk.target.split(".").at(-1)?.replaceAll('"', "") ?? fk.target,
            onDelete: actions[fk.on_delete] ?? fk.on_delete,
          }))
          .sort((a, b) => a.from.localeCompare(b.from)),
      };
    }
    return described;
  });
}

describe.skipIf(testDatabaseUrl === undefined)("PostgreSQL migrations", () => {
  it("give exactly the tables, columns and indexes of postgresql/schema.prisma", async () => {
    const url = newSchema();
    expect(await migratePostgres(url)).toEqual({
      applied: committed.map((file) => file.name),
      alreadyApplied: [],
    });
    const fromSchema = describeSchema(schemaPathOf("postgresql"), "postgresql");
    expect(Object.keys(fromSchema).length).toBeGreaterThan(0);
    expect(await describeDatabase(url)).toEqual(fromSchema);
  });

  it("are recorded as Prisma records them, and applied once", async () => {
    const url = newSchema();
    await migratePostgres(url);
    expect(await migratePostgres(url)).toEqual({
      applied: [],
      alreadyApplied: committed.map((file) => file.name),
    });
    const rows = await withClient(
      url,
      async (client) =>
        (
          await client.query(
            `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count
           FROM "_prisma_migrations" ORDER BY migration_name`,
          )
        ).rows,
    );
    expect(rows).toEqual(
      committed.map((file) => ({
        migration_name: file.name,
        checksum: checksumOf(file.sql),
        finished_at: expect.any(Date),
        rolled_back_at: null,
        logs: null,
        applied_steps_count: 1,
      })),
    );
  });

  it("are applied once when five appliers (five connections) start together", async () => {
    const url = newSchema();
    const results = await Promise.all(Array.from({ length: 5 }, () => migratePostgres(url)));
    expect(results.flatMap((result) => result.applied).sort()).toEqual(
      committed.map((file) => file.name),
    );
    const count = await withClient(url, async (client) =>
      Number((await client.query(`SELECT count(*) FROM "_prisma_migrations"`)).rows[0].count),
    );
    expect(count).toBe(committed.length);
  });

  it("refuse to run when an applied migration's file changed", async () => {
    const url = newSchema();
    const dir = path.join(scratch, "changed");
    cpSync(migrationsDirOf("postgresql"), dir, { recursive: true });
    await migratePostgres(url, dir);
    const first = committed[0]?.name ?? "";
    writeFileSync(path.join(dir, first, "migration.sql"), `${committed[0]?.sql}\n-- edited\n`);
    await expect(migratePostgres(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("roll back a migration that fails, leaving no record of it", async () => {
    const url = newSchema();
    const dir = path.join(scratch, "failing");
    cpSync(migrationsDirOf("postgresql"), dir, { recursive: true });
    const broken = path.join(dir, "29991231000000_broken");
    cpSync(path.join(dir, committed[0]?.name ?? ""), broken, { recursive: true });
    writeFileSync(
      path.join(broken, "migration.sql"),
      'CREATE TABLE "Nope" (x INT);\nSELECT 1/0;\n',
    );
    await expect(migratePostgres(url, dir)).rejects.toThrow(/29991231000000_broken failed/);
    const state = await withClient(url, async (client) => ({
      names: (await client.query(`SELECT migration_name FROM "_prisma_migrations"`)).rows.map(
        (row) => row.migration_name,
      ),
      nope: (await client.query(`SELECT to_regclass('"Nope"') AS t`)).rows[0].t,
    }));
    expect(state).toEqual({ names: committed.map((file) => file.name), nope: null });
  });
});
