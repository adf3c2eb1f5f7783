// Proves that the committed SQL migrations and schema.prisma describe the same database: the
// tables, columns, column types, nullability, primary keys, unique indexes and foreign keys of a
// freshly migrated SQLite file against the schema as Prisma's own parser (the wasm build of its
// schema engine, no native engine needed) reads it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { migrateSqliteFile, schemaPath } from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  isId: boolean;
  isUnique: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueIndexes: { fields: string[] }[];
}

// How Prisma's SQLite connector maps scalar types to column types.
const sqliteColumnType: Record<string, string> = {
  String: "TEXT",
  Boolean: "BOOLEAN",
  Int: "INTEGER",
  BigInt: "BIGINT",
  Float: "REAL",
  Decimal: "DECIMAL",
  DateTime: "DATETIME",
  Json: "JSONB",
  Bytes: "BLOB",
};

function describeSchema() {
  const schema = readFileSync(schemaPath, "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
  const models = dmmf.datamodel.models as DmmfModel[];
  return Object.fromEntries(
    models.map((model) => {
      const columnOf = (name: string) => {
        const field = model.fields.find((f) => f.name === name);
        return field?.dbName ?? name;
      };
      const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
      const columns = scalars.map((f) => ({
        name: f.dbName ?? f.name,
        type: f.kind === "enum" ? "TEXT" : sqliteColumnType[f.type],
        notNull: f.isRequired,
      }));
      const primaryKey = model.primaryKey
        ? model.primaryKey.fields.map(columnOf)
        : scalars.filter((f) => f.isId).map((f) => f.dbName ?? f.name);
      const unique = [
        ...scalars.filter((f) => f.isUnique).map((f) => [f.dbName ?? f.name]),
        ...model.uniqueIndexes.map((index) => index.fields.map(columnOf)),
      ].map((cols) => cols.join(","));
      const foreignKeys = model.fields
        .filter((f) => f.kind === "object" && f.relationFromFields?.length)
        .map((f) => {
          const target = models.find((m) => m.name === f.type);
          return {
            from: (f.relationFromFields ?? []).map(columnOf).join(","),
            table: target?.dbName ?? f.type,
            onDelete: (f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull"))
              .replace(/([a-z])([A-Z])/g, "$1 $2")
              .toUpperCase(),
          };
        });
      return [
        model.dbName ?? model.name,
        {
          columns: columns.sort(byName),
          primaryKey,
          unique: unique.sort(),
          foreignKeys: foreignKeys.sort((a, b) => a.from.localeCompare(b.from)),
        },
      ];
    }),
  );
}

function byName(a: { name: string }, b: { name: string }) {
  return a.name.localeCompare(b.name);
}

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
  const fromSchema = describeSchema();
  expect(Object.keys(fromSchema).length).toBeGreaterThan(0);
  expect(describeDatabase(file)).toEqual(fromSchema);
});
