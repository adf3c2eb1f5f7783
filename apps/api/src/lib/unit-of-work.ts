import { AsyncLocalStorage } from "node:async_hooks";
import {
  type DatabaseAccess,
  type DatabaseProvider,
  readerBoolean,
  readerDate,
  type SqlStatements,
  type TransactionClient,
} from "@tt/db";

/**
 * One transaction around work that spans services. Inside `run`, every service's `db` is that
 * transaction, so services never hand transaction handles to each other; a `run` inside a `run`
 * joins the outer one (it commits or rolls back with it).
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The open transaction of the work in progress, else the client itself. */
  readonly db: TransactionClient;
  /**
   * Inside `run`: waits until no other transaction writes this user's data, and keeps them waiting
   * until this one ends (the user's row, locked FOR UPDATE on PostgreSQL; SQLite runs one
   * transaction at a time already). For read-then-write steps such as "keep the newest N".
   */
  lockUser(userId: string): Promise<void>;
  /**
   * The hot read paths: rows of one statement, prepared once, on a connection of its own (see
   * @tt/db's SqlReader), typed as Prisma's rows of that model with `dates` and `booleans` read.
   * Outside `run` only: it would not see the transaction's own writes, so inside it throws.
   */
  read<Row>(sql: string, params: readonly unknown[], columns?: RowColumns<Row>): Promise<Row[]>;
  /**
   * A hot write path in plain SQL (see @tt/db's SqlWriter): one transaction, committed when
   * `work` resolves. Not inside `run` (it is a transaction of its own).
   */
  write<T>(work: (sql: SqlStatements) => Promise<T>, options?: WriteOptions): Promise<T>;
}

export interface WriteOptions {
  /** Locks this user's row first, as lockUser does in `run`. */
  lockUser?: string;
}

/** The columns a reader gives as text or numbers that Prisma's row types hold as Date or boolean. */
export interface RowColumns<Row> {
  dates?: readonly (keyof Row & string)[];
  booleans?: readonly (keyof Row & string)[];
}

/** Plain-SQL rows typed as `Row`: the `columns` read as Date and boolean (in place). */
export function typedRows<Row>(
  rows: Record<string, unknown>[],
  columns: RowColumns<Row> = {},
): Row[] {
  for (const row of rows) {
    for (const column of columns.dates ?? []) {
      if (row[column] !== null) row[column] = readerDate(row[column]);
    }
    for (const column of columns.booleans ?? []) row[column] = readerBoolean(row[column]);
  }
  return rows as Row[];
}

export function createUnitOfWork(
  { client, reader, writer }: Pick<DatabaseAccess, "client" | "reader" | "writer">,
  provider: DatabaseProvider,
): UnitOfWork {
  const open = new AsyncLocalStorage<TransactionClient>();
  // Inside a plain-SQL write nothing else may touch the database: on SQLite it would wait for the
  // lock that write holds (for ever), on PostgreSQL take a second connection from the pool.
  const writing = new AsyncLocalStorage<true>();
  const notWriting = (what: string) => {
    if (writing.getStore() === true) {
      throw new Error(`${what} inside unit.write would wait on that write: use its sql`);
    }
  };
  const outsideRun = (what: string) => {
    notWriting(what);
    if (open.getStore() !== undefined) {
      throw new Error(`${what} inside a unit of work would not be part of it: use unit.db`);
    }
  };
  return {
    write(work, options = {}) {
      outsideRun("unit.write");
      return writer.transaction((sql) =>
        writing.run(true, async () => {
          // SQLite: the writer holds the only write lock of the process already.
          if (options.lockUser !== undefined && provider === "postgresql") {
            await sql.all('SELECT 1 FROM "User" WHERE "id" = ? FOR UPDATE', [options.lockUser]);
          }
          return work(sql);
        }),
      );
    },
    async read<Row>(sql: string, params: readonly unknown[], columns: RowColumns<Row> = {}) {
      outsideRun("unit.read");
      return typedRows<Row>(await reader.all(sql, params), columns);
    },
    run(work) {
      notWriting("unit.run");
      if (open.getStore() !== undefined) return work();
      return client.$transaction((tx) => open.run(tx, work));
    },
    get db() {
      notWriting("unit.db");
      return open.getStore() ?? client;
    },
    async lockUser(userId) {
      const tx = open.getStore();
      if (tx === undefined) throw new Error("lockUser outside a unit of work locks nothing");
      if (provider === "postgresql") {
        await tx.$queryRaw`SELECT 1 FROM "User" WHERE "id" = ${userId} FOR UPDATE`;
      }
    },
  };
}
