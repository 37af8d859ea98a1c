// `bun run strength`: fingerprints finished renders that have none, from their stored web image, and recomputes
// every style's measured strength (after moderation hid renders, or on a gallery painted before strengths existed).
import { backfillStyleFeatures } from "../src/cli/backfill-style-features";
import { loadConfigOrExit, openDataOrExit } from "../src/cli/open-data";
import { createImageStore } from "../src/storage";

const config = loadConfigOrExit();
const { data, close } = await openDataOrExit(config);
const report = await backfillStyleFeatures(data, createImageStore(config.storage));
console.log(`Fingerprinted ${report.filled} renders${report.unreadable ? ` (${report.unreadable} images could not be read)` : ""}; measured ${report.measures} style × model cells.`);
await close();
