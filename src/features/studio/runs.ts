// Reads of a user's own matrix runs (any visibility) for the run page.
import type { Data } from "../../db/data";
import { findMatrixRun, type MatrixRun } from "../../db/matrix-runs";
import { sqliteOnly } from "../../db/sqlite-only";

export async function findOwnMatrixRun(data: Data, userId: number, runId: string): Promise<MatrixRun | null> {
  return findMatrixRun(sqliteOnly(data, "Reading a matrix run (db/matrix-runs findMatrixRun)"), runId, { ownerId: userId });
}
