// For the CLI commands: runs a worker pool until a matrix run has settled, drawing a progress bar.
import type { Config } from "../config";
import type { Data } from "../db/data";
import { createGenerationEngine } from "../generation/engine";
import { findMatrixRun, type MatrixRun } from "../db/matrix-runs";
import { createProgressBar } from "./progress-bar";

const PROGRESS_POLL_MS = 200;

export async function awaitMatrixRun(data: Data, config: Config, runId: string, label: string): Promise<MatrixRun> {
  const { pool } = createGenerationEngine(data, config);
  const bar = createProgressBar(label);
  pool.start();
  const stop = () => void pool.stop(10_000).then(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    for (;;) {
      const run = await findMatrixRun(data, runId, "operator");
      if (!run) throw new Error(`matrix run ${runId} disappeared`);
      const settled = run.doneCells + run.failedCells;
      bar.update(settled, run.totalCells, run.failedCells ? `(${run.failedCells} failed)` : "");
      if (settled >= run.totalCells || run.status === "cancelled") return run;
      await Bun.sleep(PROGRESS_POLL_MS);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await pool.stop(10_000);
  }
}
