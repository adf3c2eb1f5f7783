export { createPrismaClient, type PrismaClient } from "./client.ts";
export {
  createPrismaTokenStore,
  type PrismaTokenStoreOptions,
  type TokenValueCodec,
} from "./douyin-token-store.ts";
export { isUniqueViolation, type TransactionClient } from "./errors.ts";
export * from "./generated/prisma/client.ts";
export {
  applyMigrations,
  MigrationError,
  type MigrationFile,
  type MigrationResult,
  migrateSqliteFile,
  readMigrations,
} from "./migrate.ts";
export { committedMigrationNames, pendingMigrations } from "./migration-status.ts";
export { migrationsDir, schemaPath, sqliteFilePath } from "./paths.ts";
