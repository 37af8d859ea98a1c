// Opens the database DATABASE_URL names, migrated: bun:sqlite in DATA_DIR by default, or PostgreSQL.
import type { Config } from "../config";
import { openDatabase } from "./client";
import { postgresData, sqliteData, type Data } from "./data";
import { migrateDatabase } from "./migrate";
import { openPostgres } from "./pg-client";
import { migratePostgres } from "./pg-migrate";

export interface OpenData {
  data: Data;
  close(): Promise<void>;
}

/** `connections`: PostgreSQL's pool size for this process (SQLite has one connection). */
export async function openData(config: Pick<Config, "database">, { connections = 10 } = {}): Promise<OpenData> {
  if (config.database.kind === "sqlite") {
    const { sqlite, db } = openDatabase(config.database.path);
    migrateDatabase(db);
    return { data: sqliteData(sqlite), close: async () => sqlite.close() };
  }
  const pg = openPostgres(config.database.url, { max: connections });
  await migratePostgres(pg);
  return { data: postgresData(pg), close: () => pg.close() };
}
