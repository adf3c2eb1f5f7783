// Proves that the committed SQLite migrations and sqlite/schema.prisma describe the same database:
// the tables, columns, column types, nullability, primary keys, unique indexes and foreign keys of
// a freshly migrated SQLite file against the schema as Prisma's own parser reads it.
// (postgres-migrations.test.ts does the same on PostgreSQL.)
import path from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { migrateSqliteFile, schemaPath } from "../src/index.ts";
import { byName, describeSchema } from "./support/schema-description.ts";
import { useTempDir } from "./temp-dir.ts";

function describeDatabase(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`,
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((table) => {
        const info = db.prepare(`PRAGMA table_info("${table}")`).all() as {
          name: string;
          type: string;
          notnull: number;
          pk: number;
        }[];
        const indexes = db.prepare(`PRAGMA index_list("${table}")`).all() as {
          name: string;
          unique: number;
          origin: string;
        }[];
        const unique = indexes
          .filter((index) => index.unique === 1 && index.origin !== "pk")
          .map((index) =>
            (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { name: string }[])
              .map((column) => column.name)
              .join(","),
          );
        const foreignKeys = (
          db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as {
            id: number;
            from: string;
            table: string;
            on_delete: string;
          }[]
        ).map((fk) => ({ from: fk.from, table: fk.table, onDelete: fk.on_delete }));
        return [
          table,
          {
            columns: info
              .map((c) => ({ name: c.name, type: c.type, notNull: c.notnull === 1 }))
              .sort(byName),
            primaryKey: info
              .filter((c) => c.pk > 0)
              .sort((a, b) => a.pk - b.pk)
              .map((c) => c.name),
            unique: unique.sort(),
            foreignKeys: foreignKeys.sort((a, b) => a.from.localeCompare(b.from)),
          },
        ];
      }),
    );
  } finally {
    db.close();
  }
}

const tmp = useTempDir();

it("the migrated database has exactly the tables, columns and unique indexes of schema.prisma", () => {
  const file = path.join(tmp, "compare.db");
  migrateSqliteFile(file);
  const fromSchema = describeSchema(schemaPath, "sqlite");
  expect(Object.keys(fromSchema).length).toBeGreaterThan(0);
  expect(describeDatabase(file)).toEqual(fromSchema);
});
