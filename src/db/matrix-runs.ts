// The matrix_runs table: a run is read in one shape, by whoever may see it, and its counters move only here
// (as steps of the queue's transactions).
import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { prepared, run, type Data, type Tables, type Tx } from "./data";
import type { Step } from "./renders";
import type { matrixRuns as sqliteMatrixRuns } from "./schema";

export type MatrixRun = typeof sqliteMatrixRuns.$inferSelect;
export type NewMatrixRun = typeof sqliteMatrixRuns.$inferInsert;

/** Who is asking: anyone (operator tools), its owner only, or a viewer (public runs, or their own). */
export type RunReader = "operator" | { ownerId: number } | { viewerId: number | null };

const byIdQuery = ({ db, tables: { matrixRuns } }: Data) =>
  db.select().from(matrixRuns).where(eq(matrixRuns.id, sql.placeholder("id"))).prepare("matrix_run_by_id");
const ownQuery = ({ db, tables: { matrixRuns } }: Data) =>
  db
    .select()
    .from(matrixRuns)
    .where(and(eq(matrixRuns.id, sql.placeholder("id")), eq(matrixRuns.userId, sql.placeholder("userId"))))
    .prepare("matrix_run_own");
const visibleQuery = ({ db, tables: { matrixRuns } }: Data) =>
  db
    .select()
    .from(matrixRuns)
    .where(
      and(
        eq(matrixRuns.id, sql.placeholder("id")),
        or(eq(matrixRuns.visibility, "public"), and(isNotNull(matrixRuns.userId), eq(matrixRuns.userId, sql.placeholder("userId")))),
      ),
    )
    .prepare("matrix_run_visible");

/** The one read of a matrix run; null when it does not exist or `reader` may not see it. */
export async function findMatrixRun(data: Data, id: string, reader: RunReader): Promise<MatrixRun | null> {
  const [found] =
    reader === "operator" ? await prepared(data, byIdQuery).execute({ id })
    : "ownerId" in reader ? await prepared(data, ownQuery).execute({ id, userId: reader.ownerId })
    : await prepared(data, visibleQuery).execute({ id, userId: reader.viewerId ?? -1 });
  return found ?? null;
}

/** findMatrixRun as a step of a transaction (a read the transaction's writes depend on). */
export function* findMatrixRunStep(tx: Tx, { matrixRuns }: Tables, id: string, reader: RunReader): Step<MatrixRun | null> {
  const whose =
    reader === "operator" ? undefined
    : "ownerId" in reader ? eq(matrixRuns.userId, reader.ownerId)
    : or(eq(matrixRuns.visibility, "public"), and(isNotNull(matrixRuns.userId), eq(matrixRuns.userId, reader.viewerId ?? -1)));
  const [found] = yield* run(tx.select().from(matrixRuns).where(and(eq(matrixRuns.id, id), whose)));
  return found ?? null;
}

export function* insertMatrixRun(tx: Tx, { matrixRuns }: Tables, matrixRun: NewMatrixRun): Step<void> {
  yield* run(tx.insert(matrixRuns).values(matrixRun));
}

/** A queued run becomes running when its first cell is claimed. */
export function* markMatrixRunStarted(tx: Tx, { matrixRuns }: Tables, id: string): Step<void> {
  yield* run(
    tx
      .update(matrixRuns)
      .set({ status: "running" })
      .where(and(eq(matrixRuns.id, id), eq(matrixRuns.status, "queued"))),
  );
}

export function* markMatrixRunCancelled(tx: Tx, { matrixRuns }: Tables, id: string): Step<void> {
  yield* run(tx.update(matrixRuns).set({ status: "cancelled" }).where(eq(matrixRuns.id, id)));
}

/**
 * Counts one settled cell. The run is done (and completed) when every cell is counted; a cancelled run
 * stays cancelled, and is completed when its last running cell settles.
 */
export function* countSettledCell(tx: Tx, { matrixRuns }: Tables, id: string, outcome: "done" | "failed", now: number): Step<void> {
  const counter = outcome === "done" ? matrixRuns.doneCells : matrixRuns.failedCells;
  const allCounted = sql`${matrixRuns.doneCells} + ${matrixRuns.failedCells} + 1 >= ${matrixRuns.totalCells}`;
  yield* run(
    tx
      .update(matrixRuns)
      .set({
        [outcome === "done" ? "doneCells" : "failedCells"]: sql`${counter} + 1`,
        status: sql`CASE WHEN ${matrixRuns.status} = 'cancelled' THEN ${matrixRuns.status} WHEN ${allCounted} THEN 'done' ELSE 'running' END`,
        completedAt: sql`CASE WHEN ${allCounted} THEN ${now} ELSE ${matrixRuns.completedAt} END`,
      })
      .where(eq(matrixRuns.id, id)),
  );
}

/** A failed cell taken back (an admin's retry): the run is not finished any more; a cancelled run stays cancelled. */
export function* uncountFailedCell(tx: Tx, { matrixRuns }: Tables, id: string): Step<void> {
  yield* run(
    tx
      .update(matrixRuns)
      .set({
        failedCells: sql`${matrixRuns.failedCells} - 1`,
        completedAt: null,
        status: sql`CASE WHEN ${matrixRuns.status} = 'cancelled' THEN ${matrixRuns.status} ELSE 'running' END`,
      })
      .where(and(eq(matrixRuns.id, id), gt(matrixRuns.failedCells, 0))),
  );
}

/** Cells of the unfinished runs no user owns (the first catalogue, an operator's matrix): all of them, and those settled. */
export async function operatorRunsInProgress(data: Data): Promise<{ total: number; settled: number }> {
  const [progress] = await operatorRunsQuery(data.db, data.tables);
  return progress!; // an aggregate without GROUP BY always yields one row
}

/** operatorRunsInProgress inside a transaction (for readers still synchronous on SQLite). */
export function* operatorRunsInProgressStep(tx: Tx, tables: Tables): Step<{ total: number; settled: number }> {
  const [progress] = yield* run(operatorRunsQuery(tx, tables));
  return progress!; // an aggregate without GROUP BY always yields one row
}

function operatorRunsQuery(db: Tx, { matrixRuns }: Tables) {
  return db
    .select({
      total: sql<number>`coalesce(sum(${matrixRuns.totalCells}), 0)`.mapWith(Number),
      settled: sql<number>`coalesce(sum(${matrixRuns.doneCells} + ${matrixRuns.failedCells}), 0)`.mapWith(Number),
    })
    .from(matrixRuns)
    .where(and(isNull(matrixRuns.userId), inArray(matrixRuns.status, ["queued", "running"])));
}
