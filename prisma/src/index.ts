export { createPrismaClient, type PrismaClient } from "./client.ts";
export {
  type DatabaseLocation,
  databaseLocation,
  migrateDatabase,
  openDatabase,
} from "./database.ts";
export {
  createPrismaTokenStore,
  type PrismaTokenStoreOptions,
} from "./douyin-token-store.ts";
export { isUniqueViolation, type TransactionClient } from "./errors.ts";
export * from "./generated/sqlite/client.ts";
export {
  applyMigrations,
  checksumOf,
  MigrationError,
  type MigrationFile,
  type MigrationResult,
  migrateSqliteFile,
  readMigrations,
} from "./migrate.ts";
export { committedMigrationNames, pendingMigrations } from "./migration-status.ts";
export {
  type DatabaseProvider,
  migrationsDir,
  migrationsDirOf,
  schemaPath,
  schemaPathOf,
  sqliteFilePath,
} from "./paths.ts";
export { isPostgresUrl, type PostgresTarget, postgresTarget } from "./postgres-url.ts";
export {
  type DatabaseAccess,
  openDatabaseAccess,
  readerBoolean,
  readerDate,
  type SqlReader,
  type SqlStatements,
  type SqlWriter,
  uuidV7,
} from "./sql-access.ts";
