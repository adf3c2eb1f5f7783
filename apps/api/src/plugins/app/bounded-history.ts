import { readerDate, type SqlStatements } from "@tt/db";
import { arrivalTime } from "../../lib/known-fields.ts";

// Storage shared by the devices and locations services (not a plugin of its own).

/** The reports kept per user, newest first by ("createdAt", "id"), at most a limit of them. */
export type HistoryTable = "DeviceSnapshot" | "LocationSample";

/** The `createdAt` of the user's next entry: now, or just after their newest (see arrivalTime). */
export async function nextArrival(
  sql: SqlStatements,
  table: HistoryTable,
  userId: string,
  now: Date,
): Promise<Date> {
  const [previous] = await sql.all(
    `SELECT "createdAt" FROM "${table}" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`,
    [userId],
  );
  return arrivalTime(previous && readerDate(previous.createdAt), now);
}

/** Deletes the user's entries beyond the newest `limit`: a client reporting in a loop is bounded. */
export async function keepNewest(
  sql: SqlStatements,
  table: HistoryTable,
  userId: string,
  limit: number,
): Promise<void> {
  await sql.all(
    `DELETE FROM "${table}" WHERE "userId" = ? AND "id" NOT IN (SELECT "id" FROM "${table}" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?)`,
    [userId, userId, limit],
  );
}
