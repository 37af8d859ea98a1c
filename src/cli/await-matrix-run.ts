// For the CLI commands: runs a worker pool until a matrix run has settled, drawing a progress bar.
import type { Database } from "bun:sqlite";
import type { Config } from "../config";
import { createGenerationEngine } from "../generation/engine";
import { matrixProgress, type MatrixProgress } from "../generation/matrix";
import { createProgressBar } from "./progress-bar";

const PROGRESS_POLL_MS = 200;

export async function awaitMatrixRun(sqlite: Database, config: Config, runId: string, label: string): Promise<MatrixProgress> {
  const { pool } = createGenerationEngine(sqlite, config);
  const bar = createProgressBar(label);
  pool.start();
  const stop = () => void pool.stop(10_000).then(() => process.exit(130));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    for (;;) {
      const progress = matrixProgress(sqlite, runId);
      if (!progress) throw new Error(`matrix run ${runId} disappeared`);
      const settled = progress.done + progress.failed;
      bar.update(settled, progress.total, progress.failed ? `(${progress.failed} failed)` : "");
      if (settled >= progress.total || progress.status === "cancelled") return progress;
      await Bun.sleep(PROGRESS_POLL_MS);
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    await pool.stop(10_000);
  }
}
