// Tells the operator how the first catalogue is coming along: one line that updates in a terminal (a line per
// quarter in a log file), and one line when it is done.
import type { Data } from "../db/data";
import { log } from "../log";
import type { Tables, Tx } from "../db/data";
import { findMatrixRun, operatorRunsInProgress, operatorRunsInProgressStep } from "../db/matrix-runs";
import type { Step } from "../db/renders";

const POLL_MS = 1_000;

export function reportCatalogueProgress(data: Data, runId: string, output: { isTTY?: boolean; write(text: string): unknown } = process.stdout): () => void {
  const startedAt = Date.now();
  let lastQuarter = 0;
  let reading = false;
  const timer = setInterval(async () => {
    if (reading) return; // a slow database: skip a tick rather than pile reads up
    reading = true;
    let run;
    try {
      run = await findMatrixRun(data, runId, "operator");
    } catch {
      return; // The database is closing (shutdown): the next tick is cleared anyway.
    } finally {
      reading = false;
    }
    if (!run) return stop();
    const settled = run.doneCells + run.failedCells;
    const failed = run.failedCells ? `, ${run.failedCells} failed` : "";
    if (settled >= run.totalCells) {
      if (output.isTTY) output.write("\r\x1b[2K");
      log.info(`Catalogue painted: ${run.doneCells} images in ${Math.round((Date.now() - startedAt) / 1000)} s${failed}.`);
      return stop();
    }
    if (output.isTTY) {
      output.write(`\r\x1b[2KPainting the catalogue: ${settled} of ${run.totalCells}${failed}`);
      return;
    }
    const quarter = Math.floor((settled / run.totalCells) * 4);
    if (quarter > lastQuarter) {
      lastQuarter = quarter;
      log.info(`Painting the catalogue: ${settled} of ${run.totalCells}${failed}`);
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
export async function cataloguePainting(data: Data): Promise<CataloguePainting | null> {
  return paintingOf(await operatorRunsInProgress(data));
}

/** cataloguePainting inside a transaction (the home page still builds synchronously on SQLite). */
export function* cataloguePaintingStep(tx: Tx, tables: Tables): Step<CataloguePainting | null> {
  return paintingOf(yield* operatorRunsInProgressStep(tx, tables));
}

function paintingOf(row: { total: number; settled: number }): CataloguePainting | null {
  return row.total ? { settled: row.settled, total: row.total } : null;
}
