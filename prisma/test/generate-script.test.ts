// `pnpm db:generate` (scripts/generate.mjs) regenerates a provider's client only when its schema,
// Prisma's version or the script changed: Prisma empties the output folder before writing it, and
// turbo runs generate before every build, so an unconditional run pulled the client from under
// processes already loading it. Run here on copies of the schemas, in a folder of its own.
import { execFile } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { schemaPathOf } from "../src/index.ts";
import { useTempDir } from "./temp-dir.ts";

const script = path.resolve(import.meta.dirname, "../scripts/generate.mjs");
const dir = useTempDir("tt-db-generate-");
const providers = ["sqlite", "postgresql"] as const;
for (const provider of providers) {
  mkdirSync(path.join(dir, provider));
  copyFileSync(schemaPathOf(provider), path.join(dir, provider, "schema.prisma"));
}

async function generate(): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: dir });
  return stdout;
}
const clientFile = (provider: string) => path.join(dir, "src/generated", provider, "client.ts");
const modified = (file: string) => statSync(file).mtimeMs;

it("generates each client once, then leaves it untouched until its schema changes", async () => {
  const first = await generate();
  expect(first).not.toContain("up to date");
  const before = providers.map((provider) => modified(clientFile(provider)));

  const second = await generate();
  for (const provider of providers) {
    expect(second).toContain(`Prisma client for ${provider} is up to date`);
  }
  expect(providers.map((provider) => modified(clientFile(provider)))).toEqual(before);

  appendFileSync(path.join(dir, "postgresql/schema.prisma"), "\n// changed\n");
  const third = await generate();
  expect(third).toContain("Prisma client for sqlite is up to date");
  expect(third).not.toContain("Prisma client for postgresql is up to date");
  expect(modified(clientFile("sqlite"))).toBe(before[0]);
  expect(modified(clientFile("postgresql"))).toBeGreaterThan(before[1] ?? Number.POSITIVE_INFINITY);
}, 60_000);
