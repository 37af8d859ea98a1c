// For the CLI commands: reads config (exiting with a clear message when it is invalid), checks the image store and
// opens the migrated database (bun:sqlite or PostgreSQL).
import { ConfigError, loadConfig, type Config } from "../config";
import { openData, type OpenData } from "../db/open-data";
import { log } from "../log";
import { createImageStore, StoreUnavailableError } from "../storage";

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

/** The migrated database DATABASE_URL names; exits with the reason when it cannot be reached or migrated. */
export async function openDataOrExit(config: Config): Promise<OpenData> {
  try {
    return await openData(config);
  } catch (error) {
    const where = config.database.kind === "sqlite" ? config.database.path : "PostgreSQL (DATABASE_URL)";
    log.error(`Cannot open the database at ${where}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
