// Runs `prisma generate` without network access, and only when the client is out of date.
// Prisma 7's CLI insists that a native schema engine exists before it generates, and downloads one
// when it does not; generation itself never runs it. Where that download is unreachable (offline,
// or slow from mainland China) any existing file satisfies the check, so we name Node's own binary.
// Set PRISMA_SCHEMA_ENGINE_BINARY yourself to use a real engine.
//
// Prisma empties its output folder before writing it, so a process loading the client at that
// moment (a test starting the API while `pnpm build` runs turbo's generate) finds files missing.
// Each client therefore records what it was generated from (schema, Prisma's version, this
// script) and is left untouched while that has not changed.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const prismaVersion = require("prisma/package.json").version;
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;

/** What a provider's client is generated from, as one hash. */
function inputsHash(schemaPath) {
  return createHash("sha256")
    .update(`prisma ${prismaVersion}\n`)
    .update(readFileSync(new URL(import.meta.url)))
    .update(readFileSync(schemaPath))
    .digest("hex");
}

// One client per provider (sqlite/, postgresql/): the same models, each with its own query compiler.
for (const provider of ["sqlite", "postgresql"]) {
  const schema = `${provider}/schema.prisma`;
  const output = `src/generated/${provider}`;
  const stamp = `${output}/.generated-from`;
  const hash = inputsHash(schema);
  const current =
    existsSync(`${output}/client.ts`) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash;
  if (current) {
    process.stdout.write(`Prisma client for ${provider} is up to date (${output})\n`);
    continue;
  }
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    stdio: "inherit",
    env,
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, hash);
}
