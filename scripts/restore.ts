// `bun run restore --from DIR`: copies a backup into an empty DATA_DIR and image store after checking every file's size and sha256.
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { loadConfigOrExit } from "../src/cli/open-data";
import { restoreData } from "../src/ops/backup";
import { createImageStore } from "../src/storage";

const { values } = parseArgs({ options: { from: { type: "string" } } });
if (!values.from) {
  console.error("Usage: bun run restore --from DIR (DATA_DIR must be empty or absent)");
  process.exit(1);
}
const config = loadConfigOrExit();
try {
  const manifest = await restoreData(resolve(values.from), config);
  console.log(`Restored the database into ${config.dataDir} and ${manifest.files.length} files into ${createImageStore(config.storage).description}.`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
