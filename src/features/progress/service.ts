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

export function findVisibleMatrixRun(sqlite: Database, id: string): MatrixRunJson | null {
  return sqlite
    .query(
      `SELECT id, status, total_cells AS total, done_cells AS done, failed_cells AS failed, visibility
       FROM matrix_runs WHERE id = ? AND visibility = 'public'`,
    )
    .get(id) as MatrixRunJson | null;
}
