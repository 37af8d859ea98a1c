// `bun run backup [--to DIR]`: snapshots the database and every stored image (DATA_DIR or the S3 store) with a manifest while the app runs.
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { loadConfigOrExit } from "../src/cli/open-data";
import { backupData } from "../src/ops/backup";

const { values } = parseArgs({ options: { to: { type: "string" } } });
const config = loadConfigOrExit();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const to = resolve(values.to ?? join("backups", `gallery-${stamp}`));
try {
  const manifest = await backupData(config, to);
  const bytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
  console.log(`Backed up the database in ${config.dataDir} and ${manifest.files.length} files (${(bytes / 1e6).toFixed(1)} MB) from ${manifest.store} to ${to}.`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
