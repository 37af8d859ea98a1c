// Reads of a user's own matrix runs (any visibility) for the run page.
import type { Database } from "bun:sqlite";
import { sqliteData } from "../../db/data";
import { findMatrixRun, type MatrixRun } from "../../db/matrix-runs";

export function findOwnMatrixRun(sqlite: Database, userId: number, runId: string): Promise<MatrixRun | null> {
  return findMatrixRun(sqliteData(sqlite), runId, { ownerId: userId });
}
