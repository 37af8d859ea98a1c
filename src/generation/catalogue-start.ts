// The first start of an empty gallery: plan the default catalogue, report its progress and wake the workers.
// Whichever process renders (ROLE=all's web server or a worker process) does this.
import { isProviderConfigured, type Config } from "../config";
import type { Data } from "../db/data";
import { hasAnyRender } from "../db/renders";
import { log } from "../log";
import { planCatalogue } from "./catalogue";
import { reportCatalogueProgress } from "./catalogue-progress";

export async function paintCatalogueIfEmpty(data: Data, config: Config, wakeWorkers: () => void): Promise<void> {
  if (!config.seedOnStart || !isProviderConfigured(config, "local") || (await hasAnyRender(data))) return;
  const run = await planCatalogue(data);
  if (run) {
    log.info(`Empty gallery: rendering the default catalogue (${run.renderIds.length} images) in the background.`);
    reportCatalogueProgress(data, run.runId);
  }
  wakeWorkers();
}
