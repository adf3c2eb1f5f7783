import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/sqlite/client.ts";
import { type FifoLock, serializeWithTransactions } from "./serialized-adapter.ts";
import { ensurePrivateSqliteFile } from "./sqlite-file.ts";

/** A Prisma client on the SQLite file at `filePath` (an absolute path; see sqliteFilePath). */
export function createPrismaClient(filePath: string, lock?: FifoLock): PrismaClient {
  ensurePrivateSqliteFile(filePath);
  const adapter = serializeWithTransactions(
    new PrismaBetterSqlite3({ url: filePath, timeout: 5_000 }),
    lock,
  );
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
