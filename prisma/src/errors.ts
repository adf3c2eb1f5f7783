import { Prisma } from "./generated/sqlite/client.ts";

/** The client a `$transaction(async (tx) => …)` callback is given. */
export type TransactionClient = Prisma.TransactionClient;

/** A write refused by a unique constraint (Prisma's P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
