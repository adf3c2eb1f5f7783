import { defineConfig } from "vitest/config";

// The Vitest config Stryker runs (see src/run.ts): only the tests of the module being mutated,
// named by TT_MUTATION_TESTS (comma-separated globs from the repository's root).
const tests = (process.env.TT_MUTATION_TESTS ?? "").split(",").filter(Boolean);
if (tests.length === 0) throw new Error("TT_MUTATION_TESTS names no test files");

export default defineConfig({
  test: {
    include: tests,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
