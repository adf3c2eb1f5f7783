import path from "node:path";

/** Set by the API's build (apps/api/scripts/build.ts): where the bundle carries the migrations. */
declare const __TT_BUNDLED_MIGRATIONS__: string | undefined;

/** The databases we support, one folder each (schema.prisma, migrations/). */
export type DatabaseProvider = "sqlite" | "postgresql";

const prismaDir = path.resolve(import.meta.dirname, "..");

/**
 * The folder of a provider's committed migrations, in Prisma's own format:
 * prisma/<provider>/migrations, or in a built server the copy next to its bundle.
 */
export function migrationsDirOf(provider: DatabaseProvider): string {
  return typeof __TT_BUNDLED_MIGRATIONS__ === "string"
    ? path.resolve(import.meta.dirname, __TT_BUNDLED_MIGRATIONS__, provider)
    : path.join(prismaDir, provider, "migrations");
}

export function schemaPathOf(provider: DatabaseProvider): string {
  return path.join(prismaDir, provider, "schema.prisma");
}

/** SQLite's, the default database. */
export const migrationsDir = migrationsDirOf("sqlite");
export const schemaPath = schemaPathOf("sqlite");

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
