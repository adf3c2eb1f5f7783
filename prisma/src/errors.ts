import { Prisma } from "./generated/sqlite/client.ts";

/** The client a `$transaction(async (tx) => …)` callback is given. */
export type TransactionClient = Prisma.TransactionClient;

/** The drivers' codes for a unique constraint, for writes in plain SQL (SqlWriter). */
const DRIVER_UNIQUE_CODES = new Set([
  "SQLITE_CONSTRAINT_UNIQUE",
  "SQLITE_CONSTRAINT_PRIMARYKEY",
  "23505",
]);

/** A write refused by a unique constraint: Prisma's P2002, or the driver's own code. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && DRIVER_UNIQUE_CODES.has(code);
}
