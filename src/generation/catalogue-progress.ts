// Tells the operator how the first catalogue is coming along: one line that updates in a terminal (a line per
// quarter in a log file), and one line when it is done.
import type { Database } from "bun:sqlite";
import { log } from "../log";
import { matrixProgress } from "./matrix";

const POLL_MS = 1_000;

export function reportCatalogueProgress(sqlite: Database, runId: string, output: { isTTY?: boolean; write(text: string): unknown } = process.stdout): () => void {
  const startedAt = Date.now();
  let lastQuarter = 0;
  const timer = setInterval(() => {
    let progress;
    try {
      progress = matrixProgress(sqlite, runId);
    } catch {
      return; // The database is closing (shutdown): the next tick is cleared anyway.
    }
    if (!progress) return stop();
    const settled = progress.done + progress.failed;
    const failed = progress.failed ? `, ${progress.failed} failed` : "";
    if (settled >= progress.total) {
      if (output.isTTY) output.write("\r\x1b[2K");
      log.info(`Catalogue painted: ${progress.done} images in ${Math.round((Date.now() - startedAt) / 1000)} s${failed}.`);
      return stop();
    }
    if (output.isTTY) {
      output.write(`\r\x1b[2KPainting the catalogue: ${settled} of ${progress.total}${failed}`);
      return;
    }
    const quarter = Math.floor((settled / progress.total) * 4);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      log.info(`Painting the catalogue: ${settled} of ${progress.total}${failed}`);
    }
  }, POLL_MS);
  timer.unref();
  function stop(): void {
    clearInterval(timer);
  }
  return stop;
}
