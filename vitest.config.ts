import { defineConfig } from "vitest/config";

const everything = ["{apps,packages,tooling}/*/test/**/*.test.ts", "prisma/test/**/*.test.ts"];

// Test files share their worker's module cache (isolate: false): importing Fastify, Prisma and
// the app once per worker instead of once per file halves the suite's CPU time. These need a
// process of their own: they test what happens once per process.
const perProcess = ["packages/douyin/test/notify-legacy-deprecation.emulator.test.ts"];

// The tests whose app stores data, run a second time on PostgreSQL when TEST_DATABASE_URL names a
// server (CI: 127.0.0.1:5432): @tt/test-support's testDatabaseUrl then gives each test database a
// schema of its own. The rest does not touch a database and runs once.
// (Not the API's tests of its configuration, env file, README commands and SQLite file modes.)
const onPostgres = ["apps/api/test/**/*.test.ts", "apps/miniapp/test/e2e*.test.ts"];
const sqliteOnly = [
  "apps/api/test/config.test.ts",
  "apps/api/test/env-file.test.ts",
  "apps/api/test/production-surface.test.ts",
  "apps/api/test/readme-deploy.test.ts",
];

export default defineConfig({
  test: {
    pool: "forks",
    // Most of a test's time is spent waiting on loopback HTTP, child processes and the database,
    // not on the CPU: four forks keep two cores busy (the default, one per spare core, is one).
    maxWorkers: 4,
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: ["packages/test-support/src/postgres-schemas.ts"],
    projects: [
      { extends: true, test: { name: "sqlite", include: everything, exclude: perProcess } },
      { extends: true, test: { name: "per-process", include: perProcess, isolate: true } },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true,
              test: {
                name: "postgresql",
                include: onPostgres,
                exclude: sqliteOnly,
                env: { TT_TEST_DATABASE: "postgresql" },
              },
            },
          ]
        : []),
    ],
  },
});
