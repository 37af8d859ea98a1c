// The first start of an empty gallery: plan the default catalogue, report its progress and wake the workers.
// Whichever process renders (ROLE=all's web server or a worker process) does this.
import type { Database } from "bun:sqlite";
import { isProviderConfigured, type Config } from "../config";
import { hasAnyRender } from "../db/renders";
import { log } from "../log";
import { planCatalogue } from "./catalogue";
import { reportCatalogueProgress } from "./catalogue-progress";

export function paintCatalogueIfEmpty(sqlite: Database, config: Config, wakeWorkers: () => void): void {
  if (!config.seedOnStart || !isProviderConfigured(config, "local") || hasAnyRender(sqlite)) return;
  const run = planCatalogue(sqlite);
  if (run) {
    log.info(`Empty gallery: rendering the default catalogue (${run.renderIds.length} images) in the background.`);
    reportCatalogueProgress(sqlite, run.runId);
  }
  wakeWorkers();
}
