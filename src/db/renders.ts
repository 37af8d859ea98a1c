// The renders table: its writes (planning, every job transition) and the reads outside the gallery's pages.
// Drizzle's query builder where it expresses the query; raw SQL only for the capped claim, queue stats and
// the library's bulk walk (see there), each typed by a Pick of the row at its statement.
import type { Database } from "bun:sqlite";
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, notExists, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { drizzleFor, immediate, prepared, type Db } from "./client";
import { BASELINE_STYLE_SLUG } from "../domain/style-phrase";
import { renders } from "./schema";

export type Render = typeof renders.$inferSelect;
export type NewRender = typeof renders.$inferInsert;

// Every query over queued work repeats `status IN ('pending','running')` word for word: that is what lets
// SQLite use the partial index renders_queue_idx instead of scanning every render (measured: 500 ms at 1M).
// A bound parameter would not match the index's WHERE.
export const ACTIVE = sql`${renders.status} IN ('pending','running')`;

// ---------------------------------------------------------------------------------------------------------
// Reads for single renders and bulk walks (the gallery's page and search reads are still in features/gallery)

/** The upload an image-to-image render restyled, if any. */
export function renderUploadId(sqlite: Database, id: string): string | null {
  const row = drizzleFor(sqlite).select({ uploadId: renders.uploadId }).from(renders).where(eq(renders.id, id)).get();
  return row?.uploadId ?? null;
}

const accessQuery = (db: Db) =>
  db
    .select({ visibility: renders.visibility, nsfw: renders.nsfw, hiddenAt: renders.hiddenAt, userId: renders.userId })
    .from(renders)
    .where(eq(renders.id, sql.placeholder("id")))
    .prepare();

/** Who may see a render's files. */
export function renderAccess(sqlite: Database, id: string): Pick<Render, "visibility" | "nsfw" | "hiddenAt" | "userId"> | null {
  return prepared(sqlite, accessQuery).get({ id }) ?? null;
}

export function hasAnyRender(sqlite: Database): boolean {
  return drizzleFor(sqlite).select({ seq: renders.seq }).from(renders).limit(1).get() !== undefined;
}

/** Where a render's full-resolution original is stored and how large it is (null until recorded). */
export type OriginalRow = Pick<Render, "id" | "imagePath" | "fullKey" | "fullBytes">;

export type LibraryRender = OriginalRow &
  Pick<Render, "basePrompt" | "stylePhrase" | "styleSlug" | "modelKey" | "completedAt" | "createdAt" | "gallerySeq">;

/**
 * Public finished renders after gallery position `after`, up to the snapshot (keyset paging). Raw for the
 * same reason as the style page: the library archive walks every public render, three times.
 */
export function libraryBatch(sqlite: Database, after: number, snapshot: number, limit: number): LibraryRender[] {
  return sqlite
    .query<LibraryRender, [number, number, number]>(
      `SELECT id, base_prompt AS basePrompt, style_phrase AS stylePhrase, style_slug AS styleSlug, model_key AS modelKey,
         image_path AS imagePath, full_key AS fullKey, full_bytes AS fullBytes, completed_at AS completedAt,
         created_at AS createdAt, gallery_seq AS gallerySeq
       FROM renders WHERE gallery_seq IS NOT NULL AND gallery_seq > ? AND gallery_seq <= ? ORDER BY gallery_seq LIMIT ?`,
    )
    .all(after, snapshot, limit);
}

/** Renders of a gallery snapshot stored before the worker recorded their original's size (keyset paging). */
export function rendersWithoutRecordedOriginal(
  sqlite: Database,
  after: number,
  snapshot: number,
  limit: number,
): (OriginalRow & Pick<Render, "gallerySeq">)[] {
  return drizzleFor(sqlite)
    .select({ id: renders.id, imagePath: renders.imagePath, fullKey: renders.fullKey, fullBytes: renders.fullBytes, gallerySeq: renders.gallerySeq })
    .from(renders)
    .where(and(gt(renders.gallerySeq, after), lte(renders.gallerySeq, snapshot), isNull(renders.fullBytes), isNotNull(renders.imagePath)))
    .orderBy(renders.gallerySeq)
    .limit(limit)
    .all();
}

/** Records where each render's original was found and its size (one transaction for the lot). */
export function recordRenderOriginals(sqlite: Database, found: readonly (readonly [id: string, original: { key: string; size: number }])[]): void {
  const db = drizzleFor(sqlite);
  db.transaction(() => {
    for (const [id, original] of found) {
      db.update(renders).set({ fullKey: original.key, fullBytes: original.size }).where(eq(renders.id, id)).run();
    }
  });
}

/** A finished render a full-resolution download may serve (public or private: the route decides who gets it). */
export function downloadableRender(sqlite: Database, id: string): (OriginalRow & Pick<Render, "userId" | "visibility" | "nsfw" | "hiddenAt">) | null {
  return (
    drizzleFor(sqlite)
      .select({
        id: renders.id,
        userId: renders.userId,
        visibility: renders.visibility,
        nsfw: renders.nsfw,
        hiddenAt: renders.hiddenAt,
        imagePath: renders.imagePath,
        fullKey: renders.fullKey,
        fullBytes: renders.fullBytes,
      })
      .from(renders)
      .where(and(eq(renders.id, id), eq(renders.status, "done"), isNotNull(renders.imagePath)))
      .get() ?? null
  );
}

const USER_RENDER_FIELDS = {
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
};

/**
 * A user's renders grouped as "My renders" shows them: one group per matrix run, one per render made alone
 * (`renderId`), newest first; `cancelled` counts the cells failed with `cancelledError`.
 */
export function userRenderGroups(sqlite: Database, userId: number, cancelledError: string, limit: number, offset: number) {
  const count = (condition: SQL) => sql<number>`sum(${condition})`.mapWith(Number);
  return drizzleFor(sqlite)
    .select({
      runId: renders.matrixRunId,
      renderId: sql<string | null>`min(CASE WHEN ${renders.matrixRunId} IS NULL THEN ${renders.id} END)`,
      cells: sql<number>`count(*)`.mapWith(Number),
      done: count(sql`${renders.status} = 'done'`),
      cancelled: count(sql`${renders.status} = 'failed' AND ${renders.error} = ${cancelledError}`),
      failed: count(sql`${renders.status} = 'failed' AND coalesce(${renders.error}, '') <> ${cancelledError}`),
      cost: count(sql`${renders.costCredits}`),
      createdAt: sql<number>`min(${renders.createdAt})`.mapWith(Number),
    })
    .from(renders)
    .where(eq(renders.userId, userId))
    .groupBy(sql`coalesce(${renders.matrixRunId}, ${renders.id})`)
    .orderBy(desc(sql`max(${renders.seq})`))
    .limit(limit)
    .offset(offset)
    .all();
}
export type UserRenderGroup = ReturnType<typeof userRenderGroups>[number];

/** The first `limit` renders of one group: a matrix run's cells, or the render made alone. */
export function userRenderGroupCells(sqlite: Database, userId: number, group: Pick<UserRenderGroup, "runId" | "renderId">, limit: number) {
  const member = group.runId !== null ? eq(renders.matrixRunId, group.runId) : eq(renders.id, group.renderId ?? "");
  return drizzleFor(sqlite)
    .select(USER_RENDER_FIELDS)
    .from(renders)
    .where(and(eq(renders.userId, userId), member))
    .orderBy(renders.seq)
    .limit(limit)
    .all();
}
export type UserRender = ReturnType<typeof userRenderGroupCells>[number];

/** What the library ZIP of a snapshot holds: published renders up to it with an original on record, and their bytes. */
export function librarySnapshotSize(sqlite: Database, snapshot: number): { files: number; bytes: number } {
  return drizzleFor(sqlite)
    .select({ files: sql<number>`count(*)`.mapWith(Number), bytes: sql<number>`coalesce(sum(${renders.fullBytes}), 0)`.mapWith(Number) })
    .from(renders)
    .where(and(isNotNull(renders.gallerySeq), lte(renders.gallerySeq, snapshot), isNotNull(renders.fullKey), isNotNull(renders.fullBytes)))
    .get()!; // an aggregate without GROUP BY always yields one row
}

// ---------------------------------------------------------------------------------------------------------
// Planning work

const cellExistsQuery = (db: Db) =>
  db
    .select({ seq: renders.seq })
    .from(renders)
    .where(
      and(
        eq(renders.basePrompt, sql.placeholder("prompt")),
        eq(renders.styleSlug, sql.placeholder("slug")),
        eq(renders.modelKey, sql.placeholder("model")),
        eq(renders.visibility, "public"),
        ne(renders.status, "failed"),
      ),
    )
    .limit(1)
    .prepare();

/** Whether the gallery already has this cell (public, not failed). */
export function publicCellExists(sqlite: Database, cell: { basePrompt: string; styleSlug: string; modelKey: string }): boolean {
  return prepared(sqlite, cellExistsQuery).get({ prompt: cell.basePrompt, slug: cell.styleSlug, model: cell.modelKey }) !== undefined;
}

const baselineExistsQuery = (db: Db) =>
  db
    .select({ seq: renders.seq })
    .from(renders)
    .where(
      and(
        eq(renders.basePrompt, sql.placeholder("prompt")),
        eq(renders.styleSlug, BASELINE_STYLE_SLUG),
        eq(renders.modelKey, sql.placeholder("model")),
        ne(renders.status, "failed"),
      ),
    )
    .limit(1)
    .prepare();

/** Whether a prompt already has its no-style baseline on this model (queued, running or done). */
export function baselineCellExists(sqlite: Database, basePrompt: string, modelKey: string): boolean {
  return prepared(sqlite, baselineExistsQuery).get({ prompt: basePrompt, model: modelKey }) !== undefined;
}

/** Inserts renders as pending jobs; run it inside the transaction that plans (and pays for) them. */
export function insertPendingRenders(sqlite: Database, rows: readonly Omit<NewRender, "status">[]): void {
  if (rows.length === 0) return;
  drizzleFor(sqlite)
    .insert(renders)
    .values(rows.map((row) => ({ ...row, status: "pending" as const })))
    .run();
}

export type RerenderableCell = Pick<Render, "id" | "stylePhrase" | "styleSlug" | "basePrompt" | "effectivePrompt" | "version">;

const newerVersion = alias(renders, "newer");

/**
 * The current public text-to-image cells of a style by a model (in the gallery, not superseded), leaving out
 * any whose newer version is still queued or running.
 */
export function rerenderableCells(sqlite: Database, styleSlug: string, modelKey: string): RerenderableCell[] {
  const db = drizzleFor(sqlite);
  const newerInFlight = db
    .select({ one: sql`1` })
    .from(newerVersion)
    .where(and(eq(newerVersion.previousVersionId, renders.id), inArray(newerVersion.status, ["pending", "running"])));
  return db
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
    .orderBy(renders.basePrompt, renders.gallerySeq)
    .all();
}

/**
 * Ranks the public renders of the given cells 1, 2, … in order, unless any render has a rank already
 * (a gallery whose curation anyone has touched is left alone). One transaction.
 */
export function rankCuratedCellsOnce(sqlite: Database, cells: readonly { basePrompt: string; styleSlug: string; modelKey: string }[]): void {
  const db = drizzleFor(sqlite);
  immediate(sqlite, () => {
    if (db.select({ seq: renders.seq }).from(renders).where(isNotNull(renders.curatedRank)).limit(1).get()) return;
    cells.forEach((cell, index) => {
      db.update(renders)
        .set({ curatedRank: index + 1 })
        .where(
          and(
            eq(renders.basePrompt, cell.basePrompt),
            eq(renders.styleSlug, cell.styleSlug),
            eq(renders.modelKey, cell.modelKey),
            eq(renders.visibility, "public"),
          ),
        )
        .run();
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// The job queue (src/generation/queue.ts decides; these write one render row each)

const CLAIMED_FIELDS = {
  id: renders.id,
  modelKey: renders.modelKey,
  basePrompt: renders.basePrompt,
  stylePhrase: renders.stylePhrase,
  effectivePrompt: renders.effectivePrompt,
  inputImagePath: renders.inputImagePath,
  strength: renders.strength,
  providerJobId: renders.providerJobId,
  attempts: renders.attempts,
  matrixRunId: renders.matrixRunId,
  userId: renders.userId,
  costCredits: renders.costCredits,
  createdAt: renders.createdAt,
};
export type ClaimedRender = Pick<Render, keyof typeof CLAIMED_FIELDS>;

/** What a state change reports to its matrix run and its settlement. */
const MOVED_FIELDS = {
  id: renders.id,
  userId: renders.userId,
  costCredits: renders.costCredits,
  matrixRunId: renders.matrixRunId,
  modelKey: renders.modelKey,
  attempts: renders.attempts,
};
export type MovedRender = Pick<Render, keyof typeof MOVED_FIELDS>;

export interface ClaimParams {
  owner: string;
  now: number;
  leaseUntil: number;
  maxAttempts: number;
  models: readonly string[];
  cap: number;
}

/**
 * Claims the next due render in one statement that also enforces the global cap (running renders with
 * a live lease, whoever holds them). Raw SQL: the cap is a condition on a count over the same table in
 * the UPDATE's WHERE, and the due-job choice must keep the partial index's exact WHERE.
 */
export function claimNextRender(sqlite: Database, params: ClaimParams): ClaimedRender | null {
  return sqlite
    .query<ClaimedRender, Record<string, string | number>>(
      `UPDATE renders SET status = 'running', attempts = attempts + 1, lease_until = $leaseUntil, lease_owner = $owner
       WHERE seq = (
         SELECT seq FROM renders
         WHERE status IN ('pending','running')
           AND ((status = 'pending' AND next_attempt_at <= $now) OR (status = 'running' AND lease_until < $now))
           AND attempts < $maxAttempts
           AND model_key IN (SELECT value FROM json_each($models))
         ORDER BY next_attempt_at, seq LIMIT 1)
       AND (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= $now) < $cap
       RETURNING id, model_key AS modelKey, base_prompt AS basePrompt, style_phrase AS stylePhrase, effective_prompt AS effectivePrompt,
         input_image_path AS inputImagePath, strength, provider_job_id AS providerJobId, attempts, matrix_run_id AS matrixRunId,
         user_id AS userId, cost_credits AS costCredits, created_at AS createdAt`,
    )
    .get({
      owner: params.owner,
      now: params.now,
      leaseUntil: params.leaseUntil,
      maxAttempts: params.maxAttempts,
      models: JSON.stringify(params.models),
      cap: params.cap,
    });
}

/** The render as a given claim holds it: still running under that lease owner. */
const heldBy = (id: string, owner: string) => and(eq(renders.id, id), eq(renders.leaseOwner, owner), eq(renders.status, "running"));

export function renewRenderLease(sqlite: Database, id: string, owner: string, leaseUntil: number): boolean {
  return drizzleFor(sqlite).update(renders).set({ leaseUntil }).where(heldBy(id, owner)).returning({ id: renders.id }).get() !== undefined;
}

export function recordProviderJob(sqlite: Database, id: string, owner: string, providerJobId: string): boolean {
  return drizzleFor(sqlite).update(renders).set({ providerJobId }).where(heldBy(id, owner)).returning({ id: renders.id }).get() !== undefined;
}

/** Attempts made so far by a render this claim holds; null when it no longer holds it. */
export function heldRenderAttempts(sqlite: Database, id: string, owner: string): number | null {
  return drizzleFor(sqlite).select({ attempts: renders.attempts }).from(renders).where(heldBy(id, owner)).get()?.attempts ?? null;
}

export function completeRender(
  sqlite: Database,
  id: string,
  owner: string,
  result: Pick<
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
  >,
): MovedRender | null {
  return (
    drizzleFor(sqlite)
      .update(renders)
      .set({ ...result, status: "done", error: null, leaseUntil: null, leaseOwner: null })
      .where(heldBy(id, owner))
      .returning(MOVED_FIELDS)
      .get() ?? null
  );
}

/** Back to pending until `retryAt`, keeping the reason visible; the provider's job id is kept unless discarded. */
export function retryRender(sqlite: Database, id: string, owner: string, retry: { retryAt: number; error: string; discardProviderJob: boolean }): MovedRender | null {
  return (
    drizzleFor(sqlite)
      .update(renders)
      .set({
        status: "pending",
        nextAttemptAt: retry.retryAt,
        error: retry.error,
        leaseUntil: null,
        leaseOwner: null,
        ...(retry.discardProviderJob ? { providerJobId: null } : {}),
      })
      .where(heldBy(id, owner))
      .returning(MOVED_FIELDS)
      .get() ?? null
  );
}

/** Back to pending at once, the attempt not counted (a graceful shutdown hands it back). */
export function releaseRender(sqlite: Database, id: string, owner: string): MovedRender | null {
  return (
    drizzleFor(sqlite)
      .update(renders)
      .set({ status: "pending", attempts: sql`max(0, ${renders.attempts} - 1)`, leaseUntil: null, leaseOwner: null })
      .where(heldBy(id, owner))
      .returning(MOVED_FIELDS)
      .get() ?? null
  );
}

/** A render that failed for good back to pending with fresh attempts, due now (an admin's retry); null when not failed. */
export function requeueFailedRender(sqlite: Database, id: string, now: number): MovedRender | null {
  return (
    drizzleFor(sqlite)
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
      .returning(MOVED_FIELDS)
      .get() ?? null
  );
}

/** Which render a failure applies to: one a claim holds, one still pending (cancel), or one whose lease ran out. */
export type FailFrom = { owner: string } | "pending" | "abandoned";

export function failRender(sqlite: Database, id: string, from: FailFrom, failure: { error: string; completedAt: number; nsfw?: boolean }): MovedRender | null {
  const where =
    from === "pending" ? and(eq(renders.id, id), eq(renders.status, "pending"))
    : from === "abandoned" ? and(eq(renders.id, id), eq(renders.status, "running"))
    : heldBy(id, from.owner);
  return (
    drizzleFor(sqlite)
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
      .returning(MOVED_FIELDS)
      .get() ?? null
  );
}

/** Running renders whose lease ran out on their last allowed attempt. */
export function abandonedRenders(sqlite: Database, now: number, maxAttempts: number): Pick<Render, "id" | "attempts">[] {
  return drizzleFor(sqlite)
    .select({ id: renders.id, attempts: renders.attempts })
    .from(renders)
    .where(sql`${ACTIVE} AND ${renders.status} = 'running' AND ${renders.leaseUntil} < ${now} AND ${renders.attempts} >= ${maxAttempts}`)
    .all();
}

/** Pending renders of the given models (raw: the IN list is a JSON array, and the partial index needs its exact WHERE). */
export function pendingRendersOfModels(sqlite: Database, modelKeys: readonly string[]): Pick<Render, "id" | "modelKey">[] {
  return sqlite
    .query<Pick<Render, "id" | "modelKey">, [string]>(
      `SELECT id, model_key AS modelKey FROM renders
       WHERE status IN ('pending','running') AND status = 'pending' AND model_key IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(modelKeys));
}

/** A run's cells not yet started. */
export function pendingRenderIdsOfRun(sqlite: Database, runId: string): string[] {
  return drizzleFor(sqlite)
    .select({ id: renders.id })
    .from(renders)
    .where(and(eq(renders.matrixRunId, runId), eq(renders.status, "pending")))
    .all()
    .map((row) => row.id);
}

export interface QueueStats {
  pending: number;
  running: number;
  failed_last_hour: number;
}

/** Raw SQL: three counts in one statement, each matching a partial index's WHERE exactly. */
export function queueStats(sqlite: Database, now = Date.now()): QueueStats {
  return sqlite
    .query<QueueStats, { now: number; hourAgo: number }>(
      `SELECT
         (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'pending') AS pending,
         (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= $now) AS running,
         (SELECT count(*) FROM renders WHERE status = 'failed' AND completed_at >= $hourAgo) AS failed_last_hour`,
    )
    .get({ now, hourAgo: now - 3_600_000 })!; // an aggregate SELECT without FROM always yields one row
}
