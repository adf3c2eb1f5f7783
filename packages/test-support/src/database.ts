import { createHash } from "node:crypto";
import path from "node:path";

/**
 * Which database the tests of this run use: "postgresql" in the PostgreSQL project of the Vitest
 * config (TEST_DATABASE_URL set), else SQLite files.
 */
export function testDatabaseProvider(): "sqlite" | "postgresql" {
  return process.env.TT_TEST_DATABASE === "postgresql" && process.env.TEST_DATABASE_URL
    ? "postgresql"
    : "sqlite";
}

/**
 * DATABASE_URL for the database called `name` of a test file whose scratch folder is `dir`: a
 * SQLite file in `dir`, or on PostgreSQL a schema of its own (the same `dir` and `name` give the
 * same schema, so two app instances can share one; the run's schemas are dropped when it ends).
 */
export function testDatabaseUrl(dir: string, name: string): string {
  const server = process.env.TEST_DATABASE_URL;
  if (testDatabaseProvider() === "sqlite" || server === undefined) {
    return `file:${path.join(dir, `${name}.db`)}`;
  }
  const prefix = process.env.TT_TEST_SCHEMA_PREFIX ?? "t_";
  const hash = createHash("sha256").update(`${dir}\0${name}`).digest("hex").slice(0, 20);
  const url = new URL(server);
  url.searchParams.set("schema", `${prefix}${hash}`);
  // Many apps run at once in a test run: a few connections each keep the server's limit far.
  url.searchParams.set("connection_limit", "3");
  return url.toString();
}
