// Reads for live progress: a matrix run's counts (render reads come from the gallery service).
import type { Database } from "bun:sqlite";

export interface MatrixRunJson {
  id: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  visibility: string;
}

/** A public run, or a private one to its owner. */
export function findVisibleMatrixRun(sqlite: Database, id: string, viewerId: number | null): MatrixRunJson | null {
  return sqlite
    .query(
      `SELECT id, status, total_cells AS total, done_cells AS done, failed_cells AS failed, visibility
       FROM matrix_runs WHERE id = ? AND (visibility = 'public' OR user_id = ?)`,
    )
    .get(id, viewerId ?? -1) as MatrixRunJson | null;
}
