import type pg from "pg";
import type { PrismaClient } from "./client.ts";
import { postgresTarget } from "./postgres-url.ts";

/**
 * The one connection pool of a PostgreSQL database in this process: `connection_limit` caps it
 * (pg's default, 10, otherwise), and the schema is the search path of every connection.
 */
export async function openPostgresPool(url: string): Promise<{ pool: pg.Pool; schema: string }> {
  const { default: pgModule } = await import("pg");
  const { connectionString, schema, poolSize } = postgresTarget(url);
  const pool = new pgModule.Pool({
    connectionString,
    options: `-c search_path="${schema}"`,
    ...(poolSize === undefined ? {} : { max: poolSize }),
  });
  return { pool, schema };
}

/**
 * The Prisma client on `pool`. Both providers' clients are generated from the same models
 * (test/provider-schemas.test.ts), so the PostgreSQL one is used through the SQLite one's type.
 * `disposePool`: whether $disconnect ends the pool (false when it is shared).
 */
export async function postgresPrismaClient(
  pool: pg.Pool,
  schema: string,
  disposePool: boolean,
): Promise<PrismaClient> {
  const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
    import("@prisma/adapter-pg"),
    import("./generated/postgresql/client.ts"),
  ]);
  // `schema` qualifies Prisma's own queries; the search path covers raw ones ($queryRaw).
  const adapter = new PrismaPg(pool, { schema, disposeExternalPool: disposePool });
  return new PostgresClient({ adapter }) as unknown as PrismaClient;
}
