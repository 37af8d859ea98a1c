// For the CLI commands: reads config (exiting with a clear message when it is invalid), checks the image store and
// opens the migrated database.
import { ConfigError, loadConfig, type Config } from "../config";
import { openDatabase } from "../db/client";
import { requireSqlite } from "../db/database-choice";
import { migrateDatabase } from "../db/migrate";
import { log } from "../log";
import { createImageStore, StoreUnavailableError } from "../storage";

export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    const config = loadConfig(env);
    requireSqlite(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Exits with the reason when the image store cannot be used (unreachable, credentials refused, no bucket, no answer). */
export async function checkImageStoreOrExit(config: Config): Promise<void> {
  try {
    await createImageStore(config.storage).check();
  } catch (error) {
    if (error instanceof StoreUnavailableError) {
      log.error(`Cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

export function openMigratedDatabase(config: Config) {
  const database = openDatabase(requireSqlite(config));
  migrateDatabase(database.db);
  return database;
}
