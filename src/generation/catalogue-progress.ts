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

export interface CataloguePainting {
  settled: number;
  total: number;
}

/**
 * How far the catalogue is painted while it is (runs no user owns: the first catalogue, or an operator's `bun run
 * matrix`), for the home page; null once every such run has settled.
 */
export function cataloguePainting(sqlite: Database): CataloguePainting | null {
  const row = sqlite
    .query(
      `SELECT sum(total_cells) AS total, sum(done_cells + failed_cells) AS settled FROM matrix_runs
       WHERE user_id IS NULL AND status IN ('queued', 'running')`,
    )
    .get() as { total: number | null; settled: number | null };
  return row.total ? { settled: row.settled ?? 0, total: row.total } : null;
}
