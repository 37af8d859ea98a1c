// The renders table: its writes (planning, every job transition) and the reads outside the gallery's pages.
// Drizzle's query builder where it expresses the query; raw SQL only for SQLite's capped claim, queue stats and the
// library's bulk walk (see there). Writes that belong to a larger transaction are steps (generator functions taking
// the transaction) that the caller composes with `yield*`; PostgreSQL's claim is src/generation/pg-queue-claim.ts.
import { and, desc, eq, inArray, isNotNull, isNull, ne, notExists, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { rows, run, runRows, transaction, type Data, type Tables, type Tx, type TxBody } from "./data";
import { BASELINE_STYLE_SLUG } from "../domain/style-phrase";
import type { renders as sqliteRenders } from "./schema";

export type Render = typeof sqliteRenders.$inferSelect;
export type NewRender = typeof sqliteRenders.$inferInsert;

/** A part of a transaction body: `yield*` it inside transaction(). */
export type Step<T> = ReturnType<TxBody<T>>;

// Every query over queued work repeats `status IN ('pending','running')` word for word: that is what lets
// SQLite use the partial index renders_queue_idx instead of scanning every render (measured: 500 ms at 1M).
// A bound parameter would not match the index's WHERE.
const active = ({ renders }: Tables) => sql`${renders.status} IN ('pending','running')`;

// ---------------------------------------------------------------------------------------------------------
// Reads for single renders (the gallery's reads are in gallery-reads.ts, the library's in library-reads.ts)

export async function hasAnyRender(data: Data): Promise<boolean> {
  const { renders } = data.tables;
  return (await data.db.select({ seq: renders.seq }).from(renders).limit(1)).length > 0;
}

const userRenderFields = ({ renders }: Tables) => ({
  id: renders.id,
  stylePhrase: renders.stylePhrase,
  basePrompt: renders.basePrompt,
  modelKey: renders.modelKey,
  status: renders.status,
  visibility: renders.visibility,
  costCredits: renders.costCredits,
  error: renders.error,
  thumbPath: renders.thumbPath,
  matrixRunId: renders.matrixRunId,
  createdAt: renders.createdAt,
});

/**
 * A user's renders grouped as "My renders" shows them: one group per matrix run, one per render made alone
 * (`renderId`), newest first; `cancelled` counts the cells failed with `cancelledError`.
 */
export async function userRenderGroups(data: Data, userId: number, cancelledError: string, limit: number, offset: number) {
  const { renders } = data.tables;
  const count = (condition: SQL) => sql<number>`sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`.mapWith(Number);
  return data.db
    .select({
      // Every render of a group has the same run (or none), so min() is that run: PostgreSQL wants an aggregate.
      runId: sql<string | null>`min(${renders.matrixRunId})`,
      renderId: sql<string | null>`min(CASE WHEN ${renders.matrixRunId} IS NULL THEN ${renders.id} END)`,
      cells: sql<number>`count(*)`.mapWith(Number),
      done: count(sql`${renders.status} = 'done'`),
      cancelled: count(sql`${renders.status} = 'failed' AND ${renders.error} = ${cancelledError}`),
      failed: count(sql`${renders.status} = 'failed' AND coalesce(${renders.error}, '') <> ${cancelledError}`),
      cost: sql<number>`sum(${renders.costCredits})`.mapWith(Number),
      createdAt: sql<number>`min(${renders.createdAt})`.mapWith(Number),
    })
    .from(renders)
    .where(eq(renders.userId, userId))
    .groupBy(sql`coalesce(${renders.matrixRunId}, ${renders.id})`)
    .orderBy(desc(sql`max(${renders.seq})`))
    .limit(limit)
    .offset(offset);
}
export type UserRenderGroup = Awaited<ReturnType<typeof userRenderGroups>>[number];

/** The first `limit` renders of one group: a matrix run's cells, or the render made alone. */
export async function userRenderGroupCells(data: Data, userId: number, group: Pick<UserRenderGroup, "runId" | "renderId">, limit: number) {
  const { renders } = data.tables;
  const member = group.runId !== null ? eq(renders.matrixRunId, group.runId) : eq(renders.id, group.renderId ?? "");
  return data.db
    .select(userRenderFields(data.tables))
    .from(renders)
    .where(and(eq(renders.userId, userId), member))
    .orderBy(renders.seq)
    .limit(limit);
}
export type UserRender = Awaited<ReturnType<typeof userRenderGroupCells>>[number];

// ---------------------------------------------------------------------------------------------------------
// Planning work (steps of the planner's transaction)

type Cell = { basePrompt: string; styleSlug: string; modelKey: string };

/** The public renders of one matrix cell (prompt, style, model). */
const publicCell = ({ renders }: Tables, cell: Cell) =>
  and(eq(renders.basePrompt, cell.basePrompt), eq(renders.styleSlug, cell.styleSlug), eq(renders.modelKey, cell.modelKey), eq(renders.visibility, "public"));

/** Whether the gallery already has this cell (public, not failed). */
export function* publicCellExists(tx: Tx, tables: Tables, cell: Cell): Step<boolean> {
  const { renders } = tables;
  const found = yield* run(
    tx
      .select({ seq: renders.seq })
      .from(renders)
      .where(
        and(
          publicCell(tables, cell),
          ne(renders.status, "failed"),
        ),
      )
      .limit(1),
  );
  return found.length > 0;
}

/** Whether a prompt already has its no-style baseline on this model (queued, running or done). */
export function* baselineCellExists(tx: Tx, { renders }: Tables, basePrompt: string, modelKey: string): Step<boolean> {
  const found = yield* run(
    tx
      .select({ seq: renders.seq })
      .from(renders)
      .where(and(eq(renders.basePrompt, basePrompt), eq(renders.styleSlug, BASELINE_STYLE_SLUG), eq(renders.modelKey, modelKey), ne(renders.status, "failed")))
      .limit(1),
  );
  return found.length > 0;
}

/** Inserts renders as pending jobs; a step of the transaction that plans (and pays for) them. */
export function* insertPendingRenders(tx: Tx, { renders }: Tables, pending: readonly Omit<NewRender, "status">[]): Step<void> {
  if (pending.length === 0) return;
  yield* run(tx.insert(renders).values(pending.map((row) => ({ ...row, status: "pending" as const }))));
}

export type RerenderableCell = Pick<Render, "id" | "stylePhrase" | "styleSlug" | "basePrompt" | "effectivePrompt" | "version">;

/**
 * The current public text-to-image cells of a style by a model (in the gallery, not superseded), leaving out
 * any whose newer version is still queued or running.
 */
export function* rerenderableCells(tx: Tx, { renders }: Tables, styleSlug: string, modelKey: string): Step<RerenderableCell[]> {
  const newer = alias(renders, "newer");
  const newerInFlight = tx
    .select({ one: sql`1` })
    .from(newer)
    .where(and(eq(newer.previousVersionId, renders.id), inArray(newer.status, ["pending", "running"])));
  return yield* run(
    tx
      .select({
        id: renders.id,
        stylePhrase: renders.stylePhrase,
        styleSlug: renders.styleSlug,
        basePrompt: renders.basePrompt,
        effectivePrompt: renders.effectivePrompt,
        version: renders.version,
      })
      .from(renders)
      .where(
        and(
          eq(renders.styleSlug, styleSlug),
          eq(renders.modelKey, modelKey),
          isNotNull(renders.gallerySeq),
          isNull(renders.uploadId),
          notExists(newerInFlight),
        ),
      )
      .orderBy(renders.basePrompt, renders.gallerySeq),
  );
}

/**
 * Ranks the public renders of the given cells 1, 2, … in order, unless any render has a rank already
 * (a gallery whose curation anyone has touched is left alone). One transaction.
 */
export async function rankCuratedCellsOnce(data: Data, cells: readonly Cell[]): Promise<void> {
  const { renders } = data.tables;
  await transaction(data, function* (tx) {
    const ranked = yield* run(tx.select({ seq: renders.seq }).from(renders).where(isNotNull(renders.curatedRank)).limit(1));
    if (ranked.length > 0) return;
    for (const [index, cell] of cells.entries()) {
      yield* run(
        tx
          .update(renders)
          .set({ curatedRank: index + 1 })
          .where(publicCell(data.tables, cell)),
      );
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// The job queue (src/generation/queue.ts decides; these write one render row each)

export type ClaimedRender = Pick<
  Render,
  | "id"
  | "modelKey"
  | "basePrompt"
  | "stylePhrase"
  | "effectivePrompt"
  | "inputImagePath"
  | "strength"
  | "providerJobId"
  | "attempts"
  | "matrixRunId"
  | "userId"
  | "costCredits"
  | "createdAt"
>;

/** What a state change reports to its matrix run and its settlement. */
const movedFields = ({ renders }: Tables) => ({
  id: renders.id,
  userId: renders.userId,
  costCredits: renders.costCredits,
  matrixRunId: renders.matrixRunId,
  modelKey: renders.modelKey,
  attempts: renders.attempts,
});
export type MovedRender = Pick<Render, "id" | "userId" | "costCredits" | "matrixRunId" | "modelKey" | "attempts">;

export interface ClaimParams {
  owner: string;
  now: number;
  leaseUntil: number;
  maxAttempts: number;
  models: readonly string[];
  cap: number;
}

/**
 * SQLite's claim: the next due render in one statement that also enforces the global cap (running renders with
 * a live lease, whoever holds them). Raw SQL: the cap is a condition on a count over the same table in the
 * UPDATE's WHERE, and the due-job choice must keep the partial index's exact WHERE. Runs under BEGIN IMMEDIATE,
 * which is what makes the count and the update one step; PostgreSQL claims through pg-queue-claim.ts instead.
 */
export function* claimNextRenderOnSqlite(params: ClaimParams): Step<ClaimedRender | null> {
  const [claimed] = yield* runRows<ClaimedRender>(
    sql`UPDATE renders SET status = 'running', attempts = attempts + 1, lease_until = ${params.leaseUntil}, lease_owner = ${params.owner}
        WHERE seq = (
          SELECT seq FROM renders
          WHERE status IN ('pending','running')
            AND ((status = 'pending' AND next_attempt_at <= ${params.now}) OR (status = 'running' AND lease_until < ${params.now}))
            AND attempts < ${params.maxAttempts}
            AND model_key IN (SELECT value FROM json_each(${JSON.stringify(params.models)}))
          ORDER BY next_attempt_at, seq LIMIT 1)
        AND (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= ${params.now}) < ${params.cap}
        RETURNING id, model_key AS "modelKey", base_prompt AS "basePrompt", style_phrase AS "stylePhrase", effective_prompt AS "effectivePrompt",
          input_image_path AS "inputImagePath", strength, provider_job_id AS "providerJobId", attempts, matrix_run_id AS "matrixRunId",
          user_id AS "userId", cost_credits AS "costCredits", created_at AS "createdAt"`,
  );
  return claimed ?? null;
}

/** The render as a given claim holds it: still running under that lease owner. */
const heldBy = ({ renders }: Tables, id: string, owner: string) => and(eq(renders.id, id), eq(renders.leaseOwner, owner), eq(renders.status, "running"));

export async function renewRenderLease(data: Data, id: string, owner: string, leaseUntil: number): Promise<boolean> {
  const { renders } = data.tables;
  return (await data.db.update(renders).set({ leaseUntil }).where(heldBy(data.tables, id, owner)).returning({ id: renders.id })).length > 0;
}

export async function recordProviderJob(data: Data, id: string, owner: string, providerJobId: string): Promise<boolean> {
  const { renders } = data.tables;
  return (await data.db.update(renders).set({ providerJobId }).where(heldBy(data.tables, id, owner)).returning({ id: renders.id })).length > 0;
}

/** Attempts made so far by a render this claim holds; null when it no longer holds it. */
export function* heldRenderAttempts(tx: Tx, tables: Tables, id: string, owner: string): Step<number | null> {
  const [row] = yield* run(tx.select({ attempts: tables.renders.attempts }).from(tables.renders).where(heldBy(tables, id, owner)));
  return row?.attempts ?? null;
}

export type RenderResult = Pick<
  Render,
  | "imagePath"
  | "thumbPath"
  | "thumb2xPath"
  | "width"
  | "height"
  | "thumbhash"
  | "fullKey"
  | "fullWidth"
  | "fullHeight"
  | "fullBytes"
  | "renderMetadata"
  | "provenance"
  | "completedAt"
>;

/** The one moved row of a conditional update, or null when nothing matched. */
function* movedRow(update: PromiseLike<MovedRender[]>): Step<MovedRender | null> {
  const [row] = yield* run(update);
  return row ?? null;
}

export function* completeRender(tx: Tx, tables: Tables, id: string, owner: string, result: RenderResult): Step<MovedRender | null> {
  return yield* movedRow(
    tx
      .update(tables.renders)
      .set({ ...result, status: "done", error: null, leaseUntil: null, leaseOwner: null })
      .where(heldBy(tables, id, owner))
      .returning(movedFields(tables)),
  );
}

/** Back to pending until `retryAt`, keeping the reason visible; the provider's job id is kept unless discarded. */
export function* retryRender(
  tx: Tx,
  tables: Tables,
  id: string,
  owner: string,
  retry: { retryAt: number; error: string; discardProviderJob: boolean },
): Step<MovedRender | null> {
  return yield* movedRow(
    tx
      .update(tables.renders)
      .set({
        status: "pending",
        nextAttemptAt: retry.retryAt,
        error: retry.error,
        leaseUntil: null,
        leaseOwner: null,
        ...(retry.discardProviderJob ? { providerJobId: null } : {}),
      })
      .where(heldBy(tables, id, owner))
      .returning(movedFields(tables)),
  );
}

/** Back to pending at once, the attempt not counted (a graceful shutdown hands it back). */
export function* releaseRender(tx: Tx, tables: Tables, id: string, owner: string): Step<MovedRender | null> {
  const { attempts } = tables.renders;
  return yield* movedRow(
    tx
      .update(tables.renders)
      .set({ status: "pending", attempts: sql`CASE WHEN ${attempts} > 0 THEN ${attempts} - 1 ELSE 0 END`, leaseUntil: null, leaseOwner: null })
      .where(heldBy(tables, id, owner))
      .returning(movedFields(tables)),
  );
}

/** A render that failed for good back to pending with fresh attempts, due now (an admin's retry); null when not failed. */
export function* requeueFailedRender(tx: Tx, tables: Tables, id: string, now: number): Step<MovedRender | null> {
  const { renders } = tables;
  return yield* movedRow(
    tx
      .update(renders)
      .set({
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        error: null,
        completedAt: null,
        leaseUntil: null,
        leaseOwner: null,
        providerJobId: null,
      })
      .where(and(eq(renders.id, id), eq(renders.status, "failed")))
      .returning(movedFields(tables)),
  );
}

/** Which render a failure applies to: one a claim holds, one still pending (cancel), or one whose lease ran out. */
export type FailFrom = { owner: string } | "pending" | "abandoned";

export function* failRender(
  tx: Tx,
  tables: Tables,
  id: string,
  from: FailFrom,
  failure: { error: string; completedAt: number; nsfw?: boolean },
): Step<MovedRender | null> {
  const { renders } = tables;
  const where =
    from === "pending" ? and(eq(renders.id, id), eq(renders.status, "pending"))
    : from === "abandoned" ? and(eq(renders.id, id), eq(renders.status, "running"))
    : heldBy(tables, id, from.owner);
  return yield* movedRow(
    tx
      .update(renders)
      .set({
        status: "failed",
        error: failure.error,
        completedAt: failure.completedAt,
        leaseUntil: null,
        leaseOwner: null,
        ...(failure.nsfw ? { nsfw: true } : {}),
      })
      .where(where)
      .returning(movedFields(tables)),
  );
}

/** Running renders whose lease ran out on their last allowed attempt. */
export function* abandonedRenders(tx: Tx, tables: Tables, now: number, maxAttempts: number): Step<Pick<Render, "id" | "attempts">[]> {
  const { renders } = tables;
  return yield* run(
    tx
      .select({ id: renders.id, attempts: renders.attempts })
      .from(renders)
      .where(sql`${active(tables)} AND ${renders.status} = 'running' AND ${renders.leaseUntil} < ${now} AND ${renders.attempts} >= ${maxAttempts}`),
  );
}

/** Pending renders of the given models (the partial index needs its exact WHERE). */
export function* pendingRendersOfModels(tx: Tx, tables: Tables, modelKeys: readonly string[]): Step<Pick<Render, "id" | "modelKey">[]> {
  const { renders } = tables;
  if (modelKeys.length === 0) return [];
  return yield* run(
    tx
      .select({ id: renders.id, modelKey: renders.modelKey })
      .from(renders)
      .where(and(sql`${active(tables)} AND ${renders.status} = 'pending'`, inArray(renders.modelKey, [...modelKeys]))),
  );
}

/** A run's cells not yet started. */
export function* pendingRenderIdsOfRun(tx: Tx, { renders }: Tables, runId: string): Step<string[]> {
  const found = yield* run(tx.select({ id: renders.id }).from(renders).where(and(eq(renders.matrixRunId, runId), eq(renders.status, "pending"))));
  return found.map((row) => row.id);
}

export interface QueueStats {
  pending: number;
  running: number;
  failed_last_hour: number;
}

/** Raw SQL: three counts in one statement, each matching a partial index's WHERE exactly. */
export async function queueStats(data: Data, now = Date.now()): Promise<QueueStats> {
  const [stats] = await rows<QueueStats>(
    data,
    sql`SELECT
          (SELECT CAST(count(*) AS integer) FROM renders WHERE status IN ('pending','running') AND status = 'pending') AS pending,
          (SELECT CAST(count(*) AS integer) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= ${now}) AS running,
          (SELECT CAST(count(*) AS integer) FROM renders WHERE status = 'failed' AND completed_at >= ${now - 3_600_000}) AS failed_last_hour`,
  );
  return stats!; // an aggregate SELECT without FROM always yields one row
}
