// `bun run backup [--to DIR]`: snapshots DATA_DIR (database + image files + manifest) while the app runs.
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { loadConfigOrExit } from "../src/cli/open-data";
import { backupData } from "../src/ops/backup";

const { values } = parseArgs({ options: { to: { type: "string" } } });
const config = loadConfigOrExit();
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const to = resolve(values.to ?? join("backups", `gallery-${stamp}`));
try {
  const manifest = backupData(config, to);
  const bytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
  console.log(`Backed up ${config.dataDir} to ${to}: the database and ${manifest.files.length} files (${(bytes / 1e6).toFixed(1)} MB).`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
