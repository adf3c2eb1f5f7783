/** A PostgreSQL DATABASE_URL, taken apart as Prisma reads it. */
export interface PostgresTarget {
  /** The URL without Prisma's own `schema` parameter (the pg driver does not know it). */
  connectionString: string;
  /** The schema the tables live in: `?schema=…`, else `public`. */
  schema: string;
  /** Connections one process keeps open at most: Prisma's `?connection_limit=…`, else the pool's 10. */
  poolSize: number | undefined;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function postgresTarget(url: string): PostgresTarget {
  if (!isPostgresUrl(url)) throw new Error("not a postgresql:// URL");
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") || "public";
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_URL's schema "${schema}" is not a plain PostgreSQL identifier`);
  }
  const limit = parsed.searchParams.get("connection_limit");
  if (limit !== null && !/^[1-9]\d{0,3}$/.test(limit)) {
    throw new Error(`DATABASE_URL's connection_limit "${limit}" is not a number of connections`);
  }
  parsed.searchParams.delete("schema");
  parsed.searchParams.delete("connection_limit");
  return {
    connectionString: parsed.toString(),
    schema,
    poolSize: limit === null ? undefined : Number(limit),
  };
}
