// `bun run seed`: renders the default catalogue into DATA_DIR; a second run adds nothing.
import { ConfigError, loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { createProgressBar } from "../src/cli/progress-bar";
import { seedCatalogue } from "../src/generation/catalogue-runner";

try {
  const config = loadConfig();
  const { sqlite, db } = openDatabase(config.dbPath);
  migrateDatabase(db);
  const started = performance.now();
  const bar = createProgressBar("Seeding");
  const result = await seedCatalogue(sqlite, config, (p) => bar.update(p.done + p.failed, p.total, p.failed ? `(${p.failed} failed)` : ""));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Planned ${result.planned} new renders; rendered ${result.done}, failed ${result.failed} in ${seconds}s.`);
  sqlite.close();
  if (result.failed > 0) process.exit(1);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
