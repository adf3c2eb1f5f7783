// The release step of a built server (`node apps/api/dist/migrate.js`, `pnpm db:deploy`): applies
// the committed migrations that are not applied yet to DATABASE_URL, then exits. Run it before
// starting the new version, and start that with MIGRATE_ON_START=false.
import { migrateDatabase } from "@tt/db";
import { ConfigError, loadDatabaseConfig } from "./config.ts";

try {
  const { database } = loadDatabaseConfig();
  const { applied } = await migrateDatabase(database);
  process.stdout.write(
    applied.length > 0 ? `applied ${applied.join(", ")}\n` : "no pending migrations\n",
  );
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  process.exit(1);
}
