// `bun run seed`: renders the default catalogue into DATA_DIR through the job queue; a second run adds nothing.
import { awaitMatrixRun } from "../src/cli/await-matrix-run";
import { loadConfigOrExit, openDataOrExit } from "../src/cli/open-data";
import { planCatalogue } from "../src/generation/catalogue";
import { isProviderConfigured } from "../src/config";

const config = loadConfigOrExit();
if (!isProviderConfigured(config, "local")) {
  console.error("The local provider is off (production without LOCAL_PROVIDER=1): nothing can render the catalogue.");
  process.exit(1);
}
const { data, close } = await openDataOrExit(config);
const started = performance.now();
const run = await planCatalogue(data);
if (!run) {
  console.log("The default catalogue is complete: nothing to add.");
} else {
  console.log(`Rendering ${run.renderIds.length} catalogue images…`);
  const progress = await awaitMatrixRun(data, config, run.runId, "Seeding");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Rendered ${progress.doneCells}, failed ${progress.failedCells}, in ${seconds} s.`);
  if (progress.failedCells > 0) process.exitCode = 1;
}
await close();
