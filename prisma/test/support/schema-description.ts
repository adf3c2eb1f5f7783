// What schema.prisma says the database holds, as Prisma's own parser (the wasm build of its schema
// engine, no native engine needed) reads it: per table, the columns with their types for one
// provider, nullability, primary key, unique indexes and foreign keys.
import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type { DatabaseProvider } from "../../src/index.ts";

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

// How Prisma's connectors map scalar types to column types (as the databases report them).
const columnTypes: Record<DatabaseProvider, Record<string, string>> = {
  sqlite: {
    String: "TEXT",
    Boolean: "BOOLEAN",
    Int: "INTEGER",
    BigInt: "BIGINT",
    Float: "REAL",
    Decimal: "DECIMAL",
    DateTime: "DATETIME",
    Json: "JSONB",
    Bytes: "BLOB",
  },
  postgresql: {
    String: "text",
    Boolean: "boolean",
    Int: "integer",
    BigInt: "bigint",
    Float: "double precision",
    Decimal: "numeric",
    DateTime: "timestamp(3) without time zone",
    Json: "jsonb",
    Bytes: "bytea",
  },
};

export interface TableDescription {
  columns: { name: string; type: string | undefined; notNull: boolean }[];
  primaryKey: string[];
  unique: string[];
  foreignKeys: { from: string; table: string; onDelete: string }[];
}

export function dmmfModels(schemaFile: string): DmmfModel[] {
  const schema = readFileSync(schemaFile, "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
  return dmmf.datamodel.models as DmmfModel[];
}

export function describeSchema(
  schemaFile: string,
  provider: DatabaseProvider,
): Record<string, TableDescription> {
  const columnType = columnTypes[provider];
  const models = dmmfModels(schemaFile);
  return Object.fromEntries(
    models.map((model) => {
      const columnOf = (name: string) => {
        const field = model.fields.find((f) => f.name === name);
        return field?.dbName ?? name;
      };
      const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
      const columns = scalars.map((f) => ({
        name: f.dbName ?? f.name,
        type: f.kind === "enum" ? columnType.String : columnType[f.type],
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

export function byName(a: { name: string }, b: { name: string }) {
  return a.name.localeCompare(b.name);
}
