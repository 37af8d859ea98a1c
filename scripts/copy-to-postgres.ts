// `DATABASE_URL=postgres://… bun run db:copy-to-postgres [--from data/gallery.db]`: moves a SQLite gallery onto an
// empty PostgreSQL database (migrating it first). Images stay where IMAGE_STORE keeps them.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { loadConfig, ConfigError } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { openPostgres } from "../src/db/pg-client";
import { migratePostgres } from "../src/db/pg-migrate";
import { copySqliteToPostgres, CopyRefused } from "../src/ops/copy-to-postgres";

const { values } = parseArgs({ options: { from: { type: "string" } } });
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
  throw error;
}
if (config.database.kind !== "postgres") fail("Set DATABASE_URL to the PostgreSQL database to copy into (postgres://user:password@host:5432/database).");
const from = resolve(values.from ?? `${config.dataDir}/gallery.db`);
if (!existsSync(from)) fail(`No SQLite gallery at ${from} (pass --from path/to/gallery.db).`);

const { sqlite, db } = openDatabase(from);
migrateDatabase(db);
const pg = openPostgres(config.database.url, { max: 2 });
try {
  await migratePostgres(pg);
  const started = performance.now();
  const report = await copySqliteToPostgres(sqlite, pg, (table, rows) => console.log(`${table}: ${rows} rows`));
  const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(`Copied ${total} rows from ${from} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  if (error instanceof CopyRefused) fail(`Not copied: ${error.message}.`);
  throw error;
} finally {
  await pg.close();
  sqlite.close();
}
