// Boot: config → migrate → listen → seed an empty gallery in the background; graceful shutdown on signals.
import { createApp } from "./app";
import { ConfigError, loadConfig, type Config } from "./config";
import { openDatabase } from "./db/client";
import { migrateDatabase } from "./db/migrate";
import { seedCatalogue } from "./generation/catalogue-runner";

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const { sqlite, db } = openDatabase(config.dbPath);
migrateDatabase(db);
const app = createApp({ config, sqlite, db });
app.listen({ port: config.port, hostname: "0.0.0.0" });
console.log(`AI Gallery listening on ${config.baseUrl} (${config.env}, data in ${config.dataDir})`);

const isEmpty = !sqlite.query("SELECT 1 FROM renders LIMIT 1").get();
const hasPendingCatalogue = sqlite.query("SELECT 1 FROM renders WHERE status = 'pending' AND user_id IS NULL AND model_key LIKE 'local:%' LIMIT 1").get();
if (config.providers.localEnabled && ((config.seedOnStart && isEmpty) || hasPendingCatalogue)) {
  console.log("Rendering the default catalogue in the background…");
  seedCatalogue(sqlite, config).then(
    (result) => console.log(`Default catalogue ready: ${result.done} rendered, ${result.failed} failed.`),
    (error) => console.error("Seeding the default catalogue failed:", error),
  );
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, shutting down…`);
  await app.stop();
  sqlite.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
