/** A PostgreSQL DATABASE_URL, taken apart as Prisma reads it. */
export interface PostgresTarget {
  /** The URL without Prisma's own `schema` parameter (the pg driver does not know it). */
  connectionString: string;
  /** The schema the tables live in: `?schema=…`, else `public`. */
  schema: string;
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
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
}
