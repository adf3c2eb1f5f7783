// Vitest global setup: gives this run's PostgreSQL test schemas a prefix of their own (workers
// inherit it) and drops them all when the run ends, so runs sharing a server never touch each
// other's schemas and leave none behind.
import { randomBytes } from "node:crypto";
import pg from "pg";

export async function setup(): Promise<() => Promise<void>> {
  const server = process.env.TEST_DATABASE_URL;
  if (server === undefined) return async () => {};
  const prefix = `t${randomBytes(4).toString("hex")}_`;
  process.env.TT_TEST_SCHEMA_PREFIX = prefix;
  return async () => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)",
        [prefix],
      );
      for (const { name } of rows) await client.query(`DROP SCHEMA "${name}" CASCADE`);
    } finally {
      await client.end();
    }
  };
}
