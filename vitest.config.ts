import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{apps,packages,tooling}/*/test/**/*.test.ts", "prisma/test/**/*.test.ts"],
    pool: "forks",
    // Most of a test's time is spent waiting on loopback HTTP, child processes and SQLite, not on
    // the CPU: four forks keep two cores busy (the default, one per spare core, is one fork here).
    maxWorkers: 4,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: [],
  },
});
