// For the CLI commands: reads config (exiting with a clear message when it is invalid) and opens the migrated database.
import { ConfigError, loadConfig, type Config } from "../config";
import { openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

export function openMigratedDatabase(config: Config) {
  const database = openDatabase(config.dbPath);
  migrateDatabase(database.db);
  return database;
}
