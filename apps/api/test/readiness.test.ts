// /readyz includes "migrations applied": with MIGRATE_ON_START=false on a database that is behind,
// a load balancer must not send it traffic (login would answer 500: no such table).
import { committedMigrationNames, migrateDatabase } from "@tt/db";
import { describe, expect, it } from "vitest";
import { useApi } from "./helper.ts";

const api = useApi();

describe("GET /readyz", () => {
  it("answers 503 naming every pending migration on an unmigrated database, 200 once migrated", async () => {
    const { app, config } = await api.build({ MIGRATE_ON_START: "false" });
    const before = await app.inject({ method: "GET", url: "/readyz" });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toMatchObject({
      status: "unavailable",
      checks: {
        database: "ok",
        migrations: `pending: ${committedMigrationNames(config.database.provider).join(", ")}`,
      },
    });

    await migrateDatabase(config.database);
    const after = await app.inject({ method: "GET", url: "/readyz" });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ status: "ok", checks: { migrations: "ok" } });
  });

  it("names the one migration a database that is behind lacks", async () => {
    const { app, config } = await api.build({ MIGRATE_ON_START: "false" });
    await migrateDatabase(config.database);
    const newest = committedMigrationNames(config.database.provider).at(-1) as string;
    await app.db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${newest}`;
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks.migrations).toBe(`pending: ${newest}`);
  });

  it("answers ready when the API migrated at start", async () => {
    const { app } = await api.build();
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json().checks).toEqual({
      database: "ok",
      migrations: "ok",
      douyin: "configured (emulator)",
    });
  });
});
