// Reads for live progress: a matrix run's counts as the progress events carry them (render reads come from the gallery service).
import type { Database } from "bun:sqlite";
import { findMatrixRunStep, type MatrixRun } from "../../db/matrix-runs";
import { readStepsInline } from "../../db/sqlite-steps";

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
export function findVisibleMatrixRun(sqlite: Database, id: string, viewerId: number | null): MatrixRunJson | null {
  const run = readStepsInline(sqlite, (tx, tables) => findMatrixRunStep(tx, tables, id, { viewerId }));
  if (!run) return null;
  return { id: run.id, status: run.status, total: run.totalCells, done: run.doneCells, failed: run.failedCells, visibility: run.visibility };
}
