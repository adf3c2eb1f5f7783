import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";

/**
 * Creates the SQLite file's folder (0700) and the file (0600) when they do not exist yet, before
 * SQLite opens it: the database holds personal data, and SQLite gives its -wal and -shm files the
 * mode of the database file. Existing folders and files keep the mode their owner gave them.
 */
export function ensurePrivateSqliteFile(filePath: string): void {
  mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  // "a": create if missing, never truncate; the mode applies only to a file created here.
  closeSync(openSync(filePath, "a", 0o600));
}
