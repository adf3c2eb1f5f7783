import {
  committedMigrationNames,
  migrateDatabase,
  openDatabaseAccess,
  type PrismaClient,
  pendingMigrations,
} from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { createUnitOfWork, type UnitOfWork } from "../../lib/unit-of-work.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** The Prisma client: for services and tests; routes go through the services. */
    db: PrismaClient;
    unitOfWork: UnitOfWork;
    /** For readiness: whether the database answers, and the committed migrations it lacks. */
    databaseStatus(): Promise<DatabaseStatus>;
  }
}

export type DatabaseStatus = { reachable: false } | { reachable: true; pending: string[] };

/** Applies pending migrations (unless MIGRATE_ON_START=false), then opens the Prisma client. */
export default fp(
  async function database(app: FastifyInstance) {
    const { database, migrateOnStart } = app.config;
    if (migrateOnStart) {
      const result = await migrateDatabase(database);
      if (result.applied.length > 0)
        app.log.info({ migrations: result.applied }, "applied migrations");
    }
    const access = await openDatabaseAccess(database);
    const db = access.client;
    try {
      await db.$connect();
    } catch (error) {
      await access.close().catch(() => undefined);
      throw error;
    }
    app.decorate("db", db);
    app.decorate("unitOfWork", createUnitOfWork(access, database.provider));
    // The migrations this code expects: committed with it, so read once.
    const committed = committedMigrationNames(database.provider);
    app.decorate("databaseStatus", async (): Promise<DatabaseStatus> => {
      try {
        await db.$queryRaw`SELECT 1`;
        const pending = await pendingMigrations(db, committed, database.provider);
        return { reachable: true, pending };
      } catch {
        return { reachable: false };
      }
    });
    app.addHook("onClose", async () => {
      await access.close();
    });
  },
  { name: "db", dependencies: ["config"] },
);
