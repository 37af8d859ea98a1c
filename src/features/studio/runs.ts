// Reads of a user's own matrix runs (any visibility) for the run page and its live events.
import type { Database } from "bun:sqlite";

export interface OwnMatrixRun {
  id: string;
  status: string;
  total_cells: number;
  done_cells: number;
  failed_cells: number;
  cost_credits: number;
  visibility: string;
  base_prompts: string;
  style_phrases: string;
  model_keys: string;
  created_at: number;
}

export function findOwnMatrixRun(sqlite: Database, userId: number, runId: string): OwnMatrixRun | null {
  return sqlite
    .query(
      `SELECT id, status, total_cells, done_cells, failed_cells, cost_credits, visibility, base_prompts, style_phrases, model_keys, created_at
       FROM matrix_runs WHERE id = ? AND user_id = ?`,
    )
    .get(runId, userId) as OwnMatrixRun | null;
}
