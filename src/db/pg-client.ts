// Opens PostgreSQL through Bun's built-in client (Bun.SQL, pooled) and the Drizzle handle over it (drizzle-orm/bun-sql).
import { SQL } from "bun";
import { drizzle } from "drizzle-orm/bun-sql";
import * as schema from "./schema-pg";

export interface PostgresOptions {
  /** Pooled connections; LISTEN takes one more of its own. */
  max?: number;
}

/**
 * Every statement is planned for its own values. Bun.SQL prepares each statement once per connection, and after five
 * runs PostgreSQL may switch to one generic plan: for search's page read (`style_slug = ANY($2)`, a list of unknown
 * length) that plan walks every published render by gallery position and filters, 6.4 ms at 10k renders against
 * 0.6 ms for the planned one, and it grows with the gallery. Planning each run costs a fraction of a millisecond.
 */
const CONNECTION_SETTINGS = { plan_cache_mode: "force_custom_plan" };

export function openPostgres(url: string, { max = 10 }: PostgresOptions = {}) {
  const client = new SQL(url, { max, idleTimeout: 30, connectionTimeout: 10, connection: CONNECTION_SETTINGS });
  const db = drizzle({ client, schema });
  return { client, db, close: () => client.close() };
}

export type Postgres = ReturnType<typeof openPostgres>;
export type PgDb = Postgres["db"];
