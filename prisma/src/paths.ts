import path from "node:path";

/** The folder of committed migrations, in Prisma's own format. */
export const migrationsDir = path.resolve(import.meta.dirname, "../migrations");
export const schemaPath = path.resolve(import.meta.dirname, "../schema.prisma");

/**
 * Turns a Prisma SQLite URL (`file:<path>`) into a file path. Relative paths resolve against
 * `baseDir`, so the same URL means the same file whichever package's folder a process starts in.
 */
export function sqliteFilePath(url: string, baseDir: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must start with "file:" for SQLite (got "${url.split(":")[0]}:")`,
    );
  }
  const withoutQuery = url.slice("file:".length).split("?")[0] ?? "";
  if (withoutQuery === "") throw new Error('DATABASE_URL "file:" names no file');
  return path.resolve(baseDir, withoutQuery);
}
