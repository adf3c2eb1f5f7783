import { createPrismaClient, migrateSqliteFile, type PrismaClient } from "@tt/db";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

declare module "fastify" {
  interface FastifyInstance {
    db: PrismaClient;
  }
}

/** Applies pending migrations (unless MIGRATE_ON_START=false), then opens the Prisma client. */
export default fp(
  async function database(app: FastifyInstance) {
    const { databaseFile, migrateOnStart } = app.config;
    if (migrateOnStart) {
      const result = migrateSqliteFile(databaseFile);
      if (result.applied.length > 0)
        app.log.info({ migrations: result.applied }, "applied migrations");
    }
    const db = createPrismaClient(databaseFile);
    await db.$connect();
    app.decorate("db", db);
    app.addHook("onClose", async () => {
      await db.$disconnect();
    });
  },
  { name: "db", dependencies: ["config"] },
);
