// Applies drizzle/pg/ migrations; processes starting together take turns under an advisory lock, so each runs once.
import { drizzle } from "drizzle-orm/bun-sql";
import { migrate } from "drizzle-orm/bun-sql/migrator";
import { join } from "node:path";
import { APP_ROOT } from "../app-root";
import type { Postgres } from "./pg-client";

const MIGRATIONS_FOLDER = join(APP_ROOT, "drizzle", "pg");
/** Any constant both sides agree on: the advisory lock that serialises migrations. */
const MIGRATION_LOCK = 7_140_001;

export async function migratePostgres({ client }: Postgres): Promise<void> {
  // The lock belongs to a session, so the lock, the migrations and the unlock share one reserved connection.
  const connection = await client.reserve();
  try {
    await connection`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(drizzle({ client: connection }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await connection`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    connection.release();
  }
}
