// Reads for live progress: a matrix run's counts as the progress events carry them (render reads come from the gallery service).
import type { Data } from "../../db/data";
import { findMatrixRun, type MatrixRun } from "../../db/matrix-runs";

/** The `progress` event's JSON (a response shape, not a row). */
export interface MatrixRunJson {
  id: string;
  status: MatrixRun["status"];
  total: number;
  done: number;
  failed: number;
  visibility: MatrixRun["visibility"];
}

/** A public run, or a private one to its owner. */
export async function findVisibleMatrixRun(data: Data, id: string, viewerId: number | null): Promise<MatrixRunJson | null> {
  const run = await findMatrixRun(data, id, { viewerId });
  if (!run) return null;
  return { id: run.id, status: run.status, total: run.totalCells, done: run.doneCells, failed: run.failedCells, visibility: run.visibility };
}
