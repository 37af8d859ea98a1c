// Applies drizzle/sqlite/ migrations at boot (and in tests on a fresh file); safe to run on every start.
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { join } from "node:path";
import { APP_ROOT } from "../app-root";
import type { Db } from "./client";

const MIGRATIONS_FOLDER = join(APP_ROOT, "drizzle", "sqlite");

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
