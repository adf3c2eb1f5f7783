// PostgreSQL for tests: TEST_DATABASE_URL names a server (CI sets it to 127.0.0.1:5432); each test
// file works in schemas of its own, dropped after it. Without TEST_DATABASE_URL the PostgreSQL
// tests are skipped.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll } from "vitest";

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/** Gives URLs of fresh schemas (`?schema=t_<random>`), dropped when the file ends. */
export function usePostgresSchemas(): () => string {
  const made: string[] = [];
  afterAll(async () => {
    if (testDatabaseUrl === undefined || made.length === 0) return;
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      for (const schema of made) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });
  return () => {
    if (testDatabaseUrl === undefined) throw new Error("TEST_DATABASE_URL is not set");
    const schema = `t_${randomBytes(6).toString("hex")}`;
    made.push(schema);
    const url = new URL(testDatabaseUrl);
    url.searchParams.set("schema", schema);
    return url.toString();
  };
}
