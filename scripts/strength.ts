// `bun run strength`: fingerprints finished renders that have none, from their stored web image, and recomputes
// every style's measured strength (after moderation hid renders, or on a gallery painted before strengths existed).
import { backfillStyleFeatures } from "../src/cli/backfill-style-features";
import { loadConfigOrExit, openMigratedDatabase } from "../src/cli/open-data";
import { createImageStore } from "../src/storage";
import { sqliteData } from "../src/db/data";

const config = loadConfigOrExit();
const { sqlite } = openMigratedDatabase(config);
const report = await backfillStyleFeatures(sqliteData(sqlite), createImageStore(config.storage));
console.log(`Fingerprinted ${report.filled} renders${report.unreadable ? ` (${report.unreadable} images could not be read)` : ""}; measured ${report.measures} style × model cells.`);
sqlite.close();
