// Runs `prisma generate` without network access.
// Prisma 7's CLI insists that a native schema engine exists before it generates, and downloads one
// when it does not; generation itself never runs it. Where that download is unreachable (offline,
// or slow from mainland China) any existing file satisfies the check, so we name Node's own binary.
// Set PRISMA_SCHEMA_ENGINE_BINARY yourself to use a real engine.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

// One client per provider (sqlite/, postgresql/): the same models, each with its own query compiler.
for (const provider of ["sqlite", "postgresql"]) {
  const result = spawnSync(
    process.execPath,
    [prismaCli, "generate", "--schema", `${provider}/schema.prisma`],
    { stdio: "inherit", env },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
