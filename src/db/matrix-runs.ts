// The matrix_runs table: a run is read in one shape, by whoever may see it, and its counters move only here.
import type { Database } from "bun:sqlite";
import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { drizzleFor, prepared, type Db } from "./client";
import { matrixRuns } from "./schema";

export type MatrixRun = typeof matrixRuns.$inferSelect;
export type NewMatrixRun = typeof matrixRuns.$inferInsert;

/** Who is asking: anyone (operator tools), its owner only, or a viewer (public runs, or their own). */
export type RunReader = "operator" | { ownerId: number } | { viewerId: number | null };

const byIdQuery = (db: Db) => db.select().from(matrixRuns).where(eq(matrixRuns.id, sql.placeholder("id"))).prepare();
const ownQuery = (db: Db) =>
  db
    .select()
    .from(matrixRuns)
    .where(and(eq(matrixRuns.id, sql.placeholder("id")), eq(matrixRuns.userId, sql.placeholder("userId"))))
    .prepare();
const visibleQuery = (db: Db) =>
  db
    .select()
    .from(matrixRuns)
    .where(
      and(
        eq(matrixRuns.id, sql.placeholder("id")),
        or(eq(matrixRuns.visibility, "public"), and(isNotNull(matrixRuns.userId), eq(matrixRuns.userId, sql.placeholder("userId")))),
      ),
    )
    .prepare();

/** The one read of a matrix run; null when it does not exist or `reader` may not see it. */
export function findMatrixRun(sqlite: Database, id: string, reader: RunReader): MatrixRun | null {
  if (reader === "operator") return prepared(sqlite, byIdQuery).get({ id }) ?? null;
  if ("ownerId" in reader) return prepared(sqlite, ownQuery).get({ id, userId: reader.ownerId }) ?? null;
  return prepared(sqlite, visibleQuery).get({ id, userId: reader.viewerId ?? -1 }) ?? null;
}

export function insertMatrixRun(sqlite: Database, run: NewMatrixRun): void {
  drizzleFor(sqlite).insert(matrixRuns).values(run).run();
}

/** A queued run becomes running when its first cell is claimed. */
export function markMatrixRunStarted(sqlite: Database, id: string): void {
  drizzleFor(sqlite)
    .update(matrixRuns)
    .set({ status: "running" })
    .where(and(eq(matrixRuns.id, id), eq(matrixRuns.status, "queued")))
    .run();
}

export function markMatrixRunCancelled(sqlite: Database, id: string): void {
  drizzleFor(sqlite).update(matrixRuns).set({ status: "cancelled" }).where(eq(matrixRuns.id, id)).run();
}

/**
 * Counts one settled cell. The run is done (and completed) when every cell is counted; a cancelled run
 * stays cancelled, and is completed when its last running cell settles.
 */
export function countSettledCell(sqlite: Database, id: string, outcome: "done" | "failed", now: number): void {
  const counter = outcome === "done" ? matrixRuns.doneCells : matrixRuns.failedCells;
  const allCounted = sql`${matrixRuns.doneCells} + ${matrixRuns.failedCells} + 1 >= ${matrixRuns.totalCells}`;
  drizzleFor(sqlite)
    .update(matrixRuns)
    .set({
      [outcome === "done" ? "doneCells" : "failedCells"]: sql`${counter} + 1`,
      status: sql`CASE WHEN ${matrixRuns.status} = 'cancelled' THEN ${matrixRuns.status} WHEN ${allCounted} THEN 'done' ELSE 'running' END`,
      completedAt: sql`CASE WHEN ${allCounted} THEN ${now} ELSE ${matrixRuns.completedAt} END`,
    })
    .where(eq(matrixRuns.id, id))
    .run();
}

/** A failed cell taken back (an admin's retry): the run is not finished any more; a cancelled run stays cancelled. */
export function uncountFailedCell(sqlite: Database, id: string): void {
  drizzleFor(sqlite)
    .update(matrixRuns)
    .set({
      failedCells: sql`${matrixRuns.failedCells} - 1`,
      completedAt: null,
      status: sql`CASE WHEN ${matrixRuns.status} = 'cancelled' THEN ${matrixRuns.status} ELSE 'running' END`,
    })
    .where(and(eq(matrixRuns.id, id), gt(matrixRuns.failedCells, 0)))
    .run();
}

/** Cells of the unfinished runs no user owns (the first catalogue, an operator's matrix): all of them, and those settled. */
export function operatorRunsInProgress(sqlite: Database): { total: number; settled: number } {
  return drizzleFor(sqlite)
    .select({
      total: sql<number>`coalesce(sum(${matrixRuns.totalCells}), 0)`.mapWith(Number),
      settled: sql<number>`coalesce(sum(${matrixRuns.doneCells} + ${matrixRuns.failedCells}), 0)`.mapWith(Number),
    })
    .from(matrixRuns)
    .where(and(isNull(matrixRuns.userId), inArray(matrixRuns.status, ["queued", "running"])))
    .get()!; // an aggregate without GROUP BY always yields one row
}
