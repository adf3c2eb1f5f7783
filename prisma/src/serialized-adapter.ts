import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A FIFO lock: `acquire` resolves with the function that releases it. */
export interface FifoLock {
  acquire(): Promise<() => void>;
}

export function createLock(): FifoLock {
  let tail = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const turn = tail.then(() => release);
      tail = tail.then(() => held);
      return turn;
    },
  };
}

/**
 * better-sqlite3 gives Prisma one connection. Prisma's adapter makes interactive transactions wait
 * for each other, but not plain queries: a write from another request issued while a transaction
 * is open runs inside that transaction, and is lost if it rolls back (after its caller was told it
 * succeeded). Here plain queries wait for open transactions too; the transaction's own queries go
 * straight through, so nothing can wait on itself. `lock` may be shared with another writer of the
 * same file in this process (@tt/db's SqlWriter), which then never meets an open transaction.
 */
export function serializeWithTransactions(
  factory: PrismaBetterSqlite3,
  lock: FifoLock = createLock(),
): PrismaBetterSqlite3 {
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await run();
    } finally {
      release();
    }
  };

  const wrapTransaction = (transaction: Transaction, release: () => void): Transaction =>
    new Proxy(transaction, {
      get(target, property, receiver) {
        if (property === "commit" || property === "rollback") {
          return async () => {
            try {
              await target[property]();
            } finally {
              release();
            }
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });

  const wrapAdapter = (adapter: Adapter): Adapter =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        switch (property) {
          case "queryRaw":
          case "executeRaw":
          case "executeScript":
            return (input: never) =>
              exclusive(() => (target[property] as (input: never) => Promise<unknown>)(input));
          case "startTransaction":
            return async (isolationLevel?: Parameters<Adapter["startTransaction"]>[0]) => {
              const release = await lock.acquire();
              try {
                return wrapTransaction(await target.startTransaction(isolationLevel), release);
              } catch (error) {
                release();
                throw error;
              }
            };
          default: {
            const value = Reflect.get(target, property, receiver);
            return typeof value === "function" ? value.bind(target) : value;
          }
        }
      },
    });

  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => wrapAdapter(await target.connect());
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
