// The durable job queue: a render row is the job (pending → running → done | failed). Every function is
// synchronous and runs on the main thread, which owns all database writes.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import { log, type LogFields } from "../log";
import type { ProcessedImage } from "./render-files";
import type { RenderProvenance } from "./provenance";

export interface QueueSettings {
  /** Running renders with a live lease, across every process sharing the database. */
  concurrency: number;
  maxAttempts: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface ClaimedRender {
  id: string;
  model_key: string;
  base_prompt: string;
  style_phrase: string;
  effective_prompt: string;
  input_image_path: string | null;
  strength: number | null;
  provider_job_id: string | null;
  attempts: number;
  matrix_run_id: string | null;
  user_id: number | null;
  cost_credits: number;
  created_at: number;
}

/** What a settlement hook learns about a render that has failed for good. */
export interface FailedRender {
  id: string;
  user_id: number | null;
  cost_credits: number;
  matrix_run_id: string | null;
  error: string;
}

/** Runs inside the transaction that marks the render failed, so its effects commit with it (or not at all). */
export type SettlementHook = (sqlite: Database, render: FailedRender) => void;

/** What a settlement listener learns: a render reached done or failed for good. */
export interface SettledRender {
  id: string;
  user_id: number | null;
  matrix_run_id: string | null;
  outcome: "done" | "failed";
}

/**
 * Called inside the transaction that settles a render, after the run's counters moved (so a listener sees the
 * run complete when this was its last cell). A listener must not throw: it would undo the settlement.
 */
export type SettlementListener = (sqlite: Database, render: SettledRender) => void;

export interface FailureReport {
  kind: "transient" | "permanent";
  message: string;
  retryAfterMs?: number;
  safety?: boolean;
  discardProviderJob?: boolean;
  /** How long the attempt spent with the provider, for the job log. */
  providerMs?: number;
}

export type FailureOutcome = "retrying" | "failed" | "lost";

export interface QueueStats {
  pending: number;
  running: number;
  failed_last_hour: number;
}

const CLAIMED_COLUMNS = `id, model_key, base_prompt, style_phrase, effective_prompt, input_image_path, strength, provider_job_id,
  attempts, matrix_run_id, user_id, cost_credits, created_at`;

export function queueStats(sqlite: Database, now = Date.now()): QueueStats {
  return sqlite
    .query(
      `SELECT
         (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'pending') AS pending,
         (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= $now) AS running,
         (SELECT count(*) FROM renders WHERE status = 'failed' AND completed_at >= $hourAgo) AS failed_last_hour`,
    )
    .get({ now, hourAgo: now - 3_600_000 }) as QueueStats;
}

// Every query over queued work repeats `status IN ('pending','running')` word for word: that is what lets
// SQLite use the partial index renders_queue_idx instead of scanning every render (measured: 500 ms at 1M).

/** Exponential backoff with jitter (capped), and never sooner than the provider's Retry-After (not capped). */
export function retryDelayMs(attempts: number, settings: QueueSettings, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(retryAfterMs ?? 0, jittered);
}

/** The fields a transition reports to its matrix run and, on failure, to the settlement hook. */
interface MovedRender {
  id: string;
  user_id: number | null;
  cost_credits: number;
  matrix_run_id: string | null;
  model_key: string;
  attempts: number;
}

/** Where a transition leaves the render: the queue's state machine (pending → running → done | failed). */
type Destination = "running" | "done" | "pending" | "failed";

const MOVED_COLUMNS = "id, user_id, cost_credits, matrix_run_id, model_key, attempts";

/** Where a transition takes the render from: its queued life, or (an admin's retry) a failure for good. */
type Origin = "queue" | "failed";

function eventName(to: Destination, error: string | undefined, from: Origin): string {
  if (from === "failed") return "job requeued";
  if (to === "running") return "job claimed";
  if (to === "pending") return error === undefined ? "job released" : "job retried";
  return to === "done" ? "job done" : "job failed";
}

export const CANCELLED_ERROR = "Cancelled before it started";

export function createRenderQueue(sqlite: Database, settings: QueueSettings, onFailed: SettlementHook = () => {}) {
  const settlementListeners = new Set<SettlementListener>();
  const claim = sqlite.query(
    `UPDATE renders SET status = 'running', attempts = attempts + 1, lease_until = $leaseUntil, lease_owner = $owner
     WHERE seq = (
       SELECT seq FROM renders
       WHERE status IN ('pending','running')
         AND ((status = 'pending' AND next_attempt_at <= $now) OR (status = 'running' AND lease_until < $now))
         AND attempts < $maxAttempts
         AND model_key IN (SELECT value FROM json_each($models))
       ORDER BY next_attempt_at, seq LIMIT 1)
     AND (SELECT count(*) FROM renders WHERE status IN ('pending','running') AND status = 'running' AND lease_until >= $now) < $cap
     RETURNING ${CLAIMED_COLUMNS}`,
  );
  const markRunStarted = sqlite.query(`UPDATE matrix_runs SET status = 'running' WHERE id = ? AND status = 'queued'`);
  const countCell = (column: "done_cells" | "failed_cells") =>
    sqlite.query(
      `UPDATE matrix_runs SET ${column} = ${column} + 1,
         status = CASE WHEN status = 'cancelled' THEN status
                       WHEN done_cells + failed_cells + 1 >= total_cells THEN 'done' ELSE 'running' END,
         completed_at = CASE WHEN done_cells + failed_cells + 1 >= total_cells THEN $now ELSE completed_at END
       WHERE id = $run`,
    );
  const countDone = countCell("done_cells");
  const countFailed = countCell("failed_cells");
  // A failed cell taken back: the run is not finished any more (a cancelled run stays cancelled).
  const uncountFailed = sqlite.query(
    `UPDATE matrix_runs SET failed_cells = failed_cells - 1, completed_at = NULL,
       status = CASE WHEN status = 'cancelled' THEN status ELSE 'running' END
     WHERE id = ? AND failed_cells > 0`,
  );

  /**
   * The one place a render changes state. `write` is the conditional UPDATE of the render row (it returns
   * nothing when the render was no longer where the caller expected it); this then keeps the matrix run's
   * counters and, for a render that failed for good, calls the settlement hook — all inside the caller's
   * transaction, so the state, the counters and the refund commit together or not at all.
   */
  function transition<T extends MovedRender>(
    to: Destination,
    write: () => T | null,
    now: number,
    error?: string,
    facts: LogFields = {},
    from: Origin = "queue",
  ): T | null {
    const render = write();
    if (!render) return null;
    log.event(eventName(to, error, from), {
      render: render.id,
      model: render.model_key,
      attempt: render.attempts,
      run: render.matrix_run_id ?? undefined,
      user: render.user_id ?? undefined,
      ...facts,
      error,
    });
    if (render.matrix_run_id) {
      if (from === "failed") uncountFailed.run(render.matrix_run_id);
      if (to === "running") markRunStarted.run(render.matrix_run_id);
      else if (to === "done") countDone.run({ now, run: render.matrix_run_id });
      else if (to === "failed") countFailed.run({ now, run: render.matrix_run_id });
    }
    if (to === "failed") {
      const { id, user_id, cost_credits, matrix_run_id } = render;
      onFailed(sqlite, { id, user_id, cost_credits, matrix_run_id, error: error ?? "" });
    }
    if (to === "done" || to === "failed") {
      for (const listener of settlementListeners) listener(sqlite, { id: render.id, user_id: render.user_id, matrix_run_id: render.matrix_run_id, outcome: to });
    }
    return render;
  }

  /** Fails a render for good from whichever state `from` names (a claim this owner holds, or still pending). */
  function failForGood(id: string, from: { owner: string } | "pending" | "abandoned", error: string, now: number, facts: LogFields = {}): MovedRender | null {
    const where =
      from === "pending"
        ? `status = 'pending'`
        : from === "abandoned"
          ? `status = 'running'`
          : `status = 'running' AND lease_owner = $owner`;
    return transition(
      "failed",
      () =>
        sqlite
          .query(
            `UPDATE renders SET status = 'failed', error = $error, lease_until = NULL, lease_owner = NULL, completed_at = $now
             WHERE id = $id AND ${where}
             RETURNING ${MOVED_COLUMNS}`,
          )
          .get(typeof from === "object" ? { id, error, now, owner: from.owner } : { id, error, now }) as MovedRender | null,
      now,
      error,
      facts,
    );
  }

  return {
    settings,

    /** Adds a listener told of every render that settles (done or failed for good); adding it twice has no effect. */
    addSettlementListener(listener: SettlementListener): void {
      settlementListeners.add(listener);
    },

    /**
     * Claims the next due render for one of `models`, in one statement under BEGIN IMMEDIATE that also
     * enforces the global cap, so the cap holds across restarts and processes. An expired lease (a
     * crashed worker) makes a running render claimable again.
     */
    claimNext(owner: string, models: readonly string[], now = Date.now()): ClaimedRender | null {
      if (models.length === 0) return null;
      return immediate(sqlite, () =>
        transition(
          "running",
          () =>
            claim.get({
              leaseUntil: now + settings.leaseMs,
              owner,
              now,
              maxAttempts: settings.maxAttempts,
              models: JSON.stringify(models),
              cap: settings.concurrency,
            }) as ClaimedRender | null,
          now,
        ),
      );
    },

    renewLease(id: string, owner: string, now = Date.now()): boolean {
      return (
        sqlite
          .query(`UPDATE renders SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = 'running'`)
          .run(now + settings.leaseMs, id, owner).changes === 1
      );
    },

    recordProviderJob(id: string, owner: string, providerJobId: string): boolean {
      return (
        sqlite
          .query(`UPDATE renders SET provider_job_id = ? WHERE id = ? AND lease_owner = ? AND status = 'running'`)
          .run(providerJobId, id, owner).changes === 1
      );
    },

    /** Records the result; false when this claim no longer holds the lease (another attempt took over). */
    complete(
      id: string,
      owner: string,
      image: ProcessedImage,
      metadata: Record<string, unknown>,
      now = Date.now(),
      provenance: RenderProvenance | null = null,
    ): boolean {
      return immediate(sqlite, () => {
        const done = transition(
          "done",
          () =>
            sqlite
              .query(
                `UPDATE renders SET status = 'done', image_path = ?, thumb_path = ?, thumb_2x_path = ?, width = ?, height = ?, thumbhash = ?,
                   full_key = ?, full_width = ?, full_height = ?, full_bytes = ?, render_metadata = ?, provenance = ?, error = NULL, lease_until = NULL, lease_owner = NULL, completed_at = ?
                 WHERE id = ? AND lease_owner = ? AND status = 'running'
                 RETURNING ${MOVED_COLUMNS}`,
              )
              .get(
                image.imagePath,
                image.thumbPath,
                image.thumb2xPath,
                image.width,
                image.height,
                image.thumbhash,
                image.fullKey,
                image.fullWidth,
                image.fullHeight,
                image.fullBytes,
                JSON.stringify(metadata),
                provenance ? JSON.stringify(provenance) : null,
                now,
                id,
                owner,
              ) as MovedRender | null,
          now,
          undefined,
          { provider_ms: provenance?.timings.provider_ms },
        );
        return done !== null;
      });
    },

    /** A transient failure with attempts left goes back to pending after a backoff; anything else fails for good. */
    fail(id: string, owner: string, failure: FailureReport, now = Date.now()): FailureOutcome {
      return immediate(sqlite, () => {
        const held = sqlite
          .query(`SELECT attempts FROM renders WHERE id = ? AND lease_owner = ? AND status = 'running'`)
          .get(id, owner) as { attempts: number } | null;
        if (!held) return "lost";
        if (failure.kind === "transient" && held.attempts < settings.maxAttempts) {
          const retryAt = now + retryDelayMs(held.attempts, settings, failure.retryAfterMs);
          transition(
            "pending",
            () =>
              sqlite
                .query(
                  `UPDATE renders SET status = 'pending', next_attempt_at = ?, error = ?, lease_until = NULL, lease_owner = NULL,
                     provider_job_id = CASE WHEN ? THEN NULL ELSE provider_job_id END
                   WHERE id = ? AND lease_owner = ? AND status = 'running'
                   RETURNING ${MOVED_COLUMNS}`,
                )
                .get(retryAt, failure.message, failure.discardProviderJob ? 1 : 0, id, owner) as MovedRender | null,
            now,
            failure.message,
            { provider_ms: failure.providerMs, retry_in_ms: retryAt - now },
          );
          return "retrying";
        }
        const reason = failure.kind === "transient" ? `Gave up after ${held.attempts} attempts: ${failure.message}` : failure.message;
        if (failure.safety) sqlite.query(`UPDATE renders SET nsfw = 1 WHERE id = ?`).run(id);
        failForGood(id, { owner }, reason, now, { provider_ms: failure.providerMs });
        return "failed";
      });
    },

    /**
     * A render that failed for good goes back to pending with fresh attempts (an admin's retry). It charges
     * nothing: its credits came back when it failed, and the one-refund-per-render index keeps a second failure
     * from refunding them again. Null when the render is not failed (already retried, or never failed).
     */
    requeueFailed(id: string, now = Date.now()): MovedRender | null {
      return immediate(sqlite, () =>
        transition(
          "pending",
          () =>
            sqlite
              .query(
                `UPDATE renders SET status = 'pending', attempts = 0, next_attempt_at = $now, error = NULL, completed_at = NULL,
                   lease_until = NULL, lease_owner = NULL, provider_job_id = NULL
                 WHERE id = $id AND status = 'failed'
                 RETURNING ${MOVED_COLUMNS}`,
              )
              .get({ id, now }) as MovedRender | null,
          now,
          undefined,
          {},
          "failed",
        ),
      );
    },

    /** Hands a claimed render back untouched (graceful shutdown): the attempt does not count. */
    release(id: string, owner: string): boolean {
      return immediate(sqlite, () =>
        transition(
          "pending",
          () =>
            sqlite
              .query(
                `UPDATE renders SET status = 'pending', attempts = max(0, attempts - 1), lease_until = NULL, lease_owner = NULL
                 WHERE id = ? AND lease_owner = ? AND status = 'running'
                 RETURNING ${MOVED_COLUMNS}`,
              )
              .get(id, owner) as MovedRender | null,
          Date.now(),
        ) !== null,
      );
    },

    /**
     * Pending renders of models that can never run (retired, withdrawn, disowned by the provider) fail
     * for good, each through the settlement hook (its refund). Running ones finish or fail on their own.
     */
    failPendingForModels(modelKeys: readonly string[], reasonFor: (modelKey: string) => string, now = Date.now()): number {
      if (modelKeys.length === 0) return 0;
      return immediate(sqlite, () => {
        const stranded = sqlite
          .query(
            `SELECT id, model_key FROM renders
             WHERE status IN ('pending','running') AND status = 'pending' AND model_key IN (SELECT value FROM json_each(?))`,
          )
          .all(JSON.stringify(modelKeys)) as { id: string; model_key: string }[];
        let failed = 0;
        for (const render of stranded) if (failForGood(render.id, "pending", reasonFor(render.model_key), now)) failed++;
        return failed;
      });
    },

    /** Renders whose last allowed attempt crashed (lease expired, no attempts left) fail for good. */
    failAbandoned(now = Date.now()): number {
      return immediate(sqlite, () => {
        const abandoned = sqlite
          .query(
            `SELECT id, attempts FROM renders
             WHERE status IN ('pending','running') AND status = 'running' AND lease_until < ? AND attempts >= ?`,
          )
          .all(now, settings.maxAttempts) as { id: string; attempts: number }[];
        for (const render of abandoned) {
          failForGood(render.id, "abandoned", `Gave up after ${render.attempts} attempts: the worker stopped responding.`, now);
        }
        return abandoned.length;
      });
    },

    /**
     * Cancels a user's matrix run: the cells not yet started fail for good (and so are refunded by the
     * settlement hook), cells already running finish normally. One transaction, so it cannot race a
     * worker claiming a cell. A run that has already finished is left exactly as it is. Null when the
     * run is not this user's (an admin cancels for `"any owner"`).
     */
    cancelRun(runId: string, userId: number | "any owner", now = Date.now()): { cancelled: number; refunded: number } | null {
      return immediate(sqlite, () => {
        const run = sqlite
          .query("SELECT status, completed_at FROM matrix_runs WHERE id = $runId AND ($userId IS NULL OR user_id = $userId)")
          .get({ runId, userId: userId === "any owner" ? null : userId }) as {
          status: string;
          completed_at: number | null;
        } | null;
        if (!run) return null;
        if (run.completed_at !== null) return { cancelled: 0, refunded: 0 };
        // Marked first, so the cells failed below keep it cancelled rather than counting it to 'done'.
        sqlite.query("UPDATE matrix_runs SET status = 'cancelled' WHERE id = ?").run(runId);
        const pending = sqlite.query("SELECT id FROM renders WHERE matrix_run_id = ? AND status = 'pending'").all(runId) as { id: string }[];
        let cancelled = 0;
        let refunded = 0;
        for (const { id } of pending) {
          const render = failForGood(id, "pending", CANCELLED_ERROR, now);
          if (!render) continue;
          cancelled++;
          refunded += render.cost_credits;
        }
        return { cancelled, refunded };
      });
    },
  };
}

export type RenderQueue = ReturnType<typeof createRenderQueue>;
