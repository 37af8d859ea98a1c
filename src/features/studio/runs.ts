// Reads of a user's own matrix runs (any visibility) for the run page.
import type { Data } from "../../db/data";
import { findMatrixRun, type MatrixRun } from "../../db/matrix-runs";

export function findOwnMatrixRun(data: Data, userId: number, runId: string): Promise<MatrixRun | null> {
  return findMatrixRun(data, runId, { ownerId: userId });
}
