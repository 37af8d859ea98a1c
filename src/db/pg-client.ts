// Opens PostgreSQL through Bun's built-in client (Bun.SQL, pooled) and the Drizzle handle over it (drizzle-orm/bun-sql).
import { SQL } from "bun";
import { drizzle } from "drizzle-orm/bun-sql";
import * as schema from "./schema-pg";

export interface PostgresOptions {
  /** Pooled connections; LISTEN takes one more of its own. */
  max?: number;
}

export function openPostgres(url: string, { max = 10 }: PostgresOptions = {}) {
  const client = new SQL(url, { max, idleTimeout: 30, connectionTimeout: 10 });
  const db = drizzle({ client, schema });
  return { client, db, close: () => client.close() };
}

export type Postgres = ReturnType<typeof openPostgres>;
export type PgDb = Postgres["db"];
