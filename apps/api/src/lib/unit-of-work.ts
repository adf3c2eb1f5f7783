import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaClient, TransactionClient } from "@tt/db";

/**
 * One transaction around work that spans services. Inside `run`, every service's `db` is that
 * transaction, so services never hand transaction handles to each other; a `run` inside a `run`
 * joins the outer one (it commits or rolls back with it).
 */
export interface UnitOfWork {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The open transaction of the work in progress, else the client itself. */
  readonly db: TransactionClient;
}

export function createUnitOfWork(client: PrismaClient): UnitOfWork {
  const open = new AsyncLocalStorage<TransactionClient>();
  return {
    run(work) {
      if (open.getStore() !== undefined) return work();
      return client.$transaction((tx) => open.run(tx, work));
    },
    get db() {
      return open.getStore() ?? client;
    },
  };
}
