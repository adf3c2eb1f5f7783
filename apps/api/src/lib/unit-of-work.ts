import { AsyncLocalStorage } from "node:async_hooks";
import type { DatabaseProvider, PrismaClient, TransactionClient } from "@tt/db";

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
}

export function createUnitOfWork(client: PrismaClient, provider: DatabaseProvider): UnitOfWork {
  const open = new AsyncLocalStorage<TransactionClient>();
  return {
    run(work) {
      if (open.getStore() !== undefined) return work();
      return client.$transaction((tx) => open.run(tx, work));
    },
    get db() {
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
