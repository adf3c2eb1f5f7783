import { createHash, randomBytes } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "./client.ts";
import type { DatabaseLocation } from "./database.ts";
import { createLock, type FifoLock } from "./serialized-adapter.ts";

/**
 * Plain SQL beside Prisma, for the hot paths, where Prisma's per-query cost (and, on SQLite,
 * waiting behind the serialized adapter) dominates: statements prepared once, on connections of
 * their own. SQL is written once for both providers: quoted identifiers and `?` placeholders
 * (numbered for PostgreSQL here).
 *
 * Values: parameters that are Date objects are written as Prisma writes them (SQLite: ISO text
 * with "+00:00", which orders as text; PostgreSQL: UTC into TIMESTAMP(3)), booleans as SQLite's
 * 0/1. Rows come back as the driver gives them: SQLite's DateTime as that text and booleans as
 * 0/1, PostgreSQL's as Date (read as UTC) and boolean; `readerDate` and `readerBoolean` take both.
 */
export interface SqlStatements {
  all(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** Reads outside transactions: it never sees a transaction's uncommitted writes. */
export interface SqlReader extends SqlStatements {}

export interface SqlWriter {
  /**
   * Runs `work` in one transaction, committed when it resolves, rolled back when it throws. On
   * SQLite it holds the Prisma client's lock meanwhile (nothing else of this process writes).
   */
  transaction<T>(work: (sql: SqlStatements) => Promise<T>): Promise<T>;
}

/** Prisma for most things, and plain SQL for the hot paths, on one database. */
export interface DatabaseAccess {
  readonly client: PrismaClient;
  readonly reader: SqlReader;
  readonly writer: SqlWriter;
  close(): Promise<void>;
}

export function readerDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function readerBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n;
}

/** A UUID version 7 (time-ordered), as Prisma's `@default(uuid(7))` makes them. */
export function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function openDatabaseAccess(location: DatabaseLocation): Promise<DatabaseAccess> {
  if (location.provider === "sqlite") {
    const lock = createLock();
    const client = createPrismaClient(location.file, lock);
    const { default: Database } = await import("better-sqlite3");
    // Two connections of their own: a read never runs inside a transaction in progress.
    const reads = new Database(location.file, { timeout: 5_000 });
    reads.pragma("query_only = true");
    const writes = new Database(location.file, { timeout: 5_000 });
    // As Prisma's adapter has them: relations enforced (and cascades run).
    writes.pragma("foreign_keys = ON");
    return {
      client,
      reader: sqliteStatements(reads),
      writer: sqliteWriter(writes, lock),
      async close() {
        await client.$disconnect();
        reads.close();
        writes.close();
      },
    };
  }
  const { openPostgresPool, postgresPrismaClient } = await import("./postgres-pool.ts");
  const shared = await openPostgresPool(location.url);
  // One pool for Prisma and plain SQL: connection_limit caps the process's connections.
  const client = await postgresPrismaClient(shared.pool, shared.schema, false);
  const pool = await typedQueries(shared.pool);
  const statements = postgresStatements((query) => pool.query(query));
  return {
    client,
    reader: statements,
    writer: {
      async transaction(work) {
        const connection = await pool.connect();
        let broken: Error | undefined;
        try {
          await connection.query("BEGIN");
          const result = await work(postgresStatements((query) => connection.query(query)));
          // A transaction a failed statement aborted answers COMMIT with ROLLBACK, not an error.
          const commit = await connection.query("COMMIT");
          if (commit.command === "ROLLBACK") throw new Error("the transaction was rolled back");
          return result;
        } catch (error) {
          await connection.query("ROLLBACK").catch((rollbackError: Error) => {
            broken = rollbackError;
          });
          throw error;
        } finally {
          // A connection whose ROLLBACK failed may still be in a transaction: not back to the pool.
          connection.release(broken);
        }
      },
    },
    async close() {
      await client.$disconnect();
      await shared.pool.end();
    },
  };
}

type SqliteDatabase = import("better-sqlite3").Database;

function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function sqliteStatements(db: SqliteDatabase): SqlStatements {
  const prepared = new Map<
    string,
    { reader: boolean; all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown }
  >();
  return {
    async all(sql, params) {
      let statement = prepared.get(sql);
      if (statement === undefined) {
        statement = db.prepare(sql) as unknown as typeof statement & object;
        prepared.set(sql, statement);
      }
      const values = params.map(sqliteValue);
      if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
      statement.run(...values);
      return [];
    },
  };
}

function sqliteWriter(db: SqliteDatabase, lock: FifoLock): SqlWriter {
  const statements = sqliteStatements(db);
  return {
    async transaction(work) {
      const release = await lock.acquire();
      try {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(statements);
          db.exec("COMMIT");
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

/** TIMESTAMP(3) (Prisma's DateTime on PostgreSQL) has no zone: Prisma writes it in UTC. */
const TIMESTAMP_WITHOUT_ZONE = 1114;

async function typedQueries(pool: import("pg").Pool) {
  const { default: pg } = await import("pg");
  const parsers = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === TIMESTAMP_WITHOUT_ZONE
        ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
        : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  return {
    query: (query: PgQuery) => pool.query({ ...query, types: parsers }),
    connect: async () => {
      const connection = await pool.connect();
      return {
        query: (query: PgQuery | string) =>
          typeof query === "string"
            ? connection.query(query)
            : connection.query({ ...query, types: parsers }),
        release: (error?: Error) => connection.release(error),
      };
    },
  };
}

interface PgQuery {
  name: string;
  text: string;
  values: unknown[];
}

// Written as UTC text: a Date would be sent in the server's own zone, which TIMESTAMP(3) drops.
const postgresValue = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/**
 * Every `?` becomes `$n`: write no `?` inside a string literal or as jsonb's operator. Statements
 * are named (prepared once per connection): list columns instead of `*`, or a migration that adds
 * one breaks the running process's statements ("cached plan must not change result type").
 */
function postgresStatements(run: (query: PgQuery) => Promise<{ rows: unknown[] }>): SqlStatements {
  return {
    async all(sql, params) {
      const result = await run({ ...numbered(sql), values: params.map(postgresValue) });
      return result.rows as Record<string, unknown>[];
    },
  };
}

/** Each SQL text's name and numbered form, worked out once per process (not per transaction). */
const numberedStatements = new Map<string, { name: string; text: string }>();

function numbered(sql: string): { name: string; text: string } {
  let statement = numberedStatements.get(sql);
  if (statement === undefined) {
    let index = 0;
    statement = {
      name: `s_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`,
      text: sql.replace(/\?/g, () => `$${++index}`),
    };
    numberedStatements.set(sql, statement);
  }
  return statement;
}
