// The durable job queue: a render row is the job (pending → running → done | failed). Every function is
// synchronous and runs on the main thread, which owns all database writes.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import type { ProcessedImage } from "./postprocess";

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

export interface FailureReport {
  kind: "transient" | "permanent";
  message: string;
  retryAfterMs?: number;
  safety?: boolean;
  discardProviderJob?: boolean;
}

export type FailureOutcome = "retrying" | "failed" | "lost";

export interface QueueStats {
  pending: number;
  running: number;
  failed_last_hour: number;
}

const CLAIMED_COLUMNS = `id, model_key, base_prompt, style_phrase, effective_prompt, input_image_path, strength, provider_job_id,
  attempts, matrix_run_id, user_id, cost_credits`;

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

export function createRenderQueue(sqlite: Database, settings: QueueSettings, onFailed: SettlementHook = () => {}) {
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

  function failForGood(render: { id: string; user_id: number | null; cost_credits: number; matrix_run_id: string | null }, error: string, now: number) {
    sqlite
      .query(`UPDATE renders SET status = 'failed', error = ?, lease_until = NULL, lease_owner = NULL, completed_at = ? WHERE id = ?`)
      .run(error, now, render.id);
    if (render.matrix_run_id) countFailed.run({ now, run: render.matrix_run_id });
    onFailed(sqlite, { ...render, error });
  }

  return {
    settings,

    /**
     * Claims the next due render for one of `models`, in one statement under BEGIN IMMEDIATE that also
     * enforces the global cap, so the cap holds across restarts and processes. An expired lease (a
     * crashed worker) makes a running render claimable again.
     */
    claimNext(owner: string, models: readonly string[], now = Date.now()): ClaimedRender | null {
      if (models.length === 0) return null;
      return immediate(sqlite, () => {
        const claimed = claim.get({
          leaseUntil: now + settings.leaseMs,
          owner,
          now,
          maxAttempts: settings.maxAttempts,
          models: JSON.stringify(models),
          cap: settings.concurrency,
        }) as ClaimedRender | null;
        if (claimed?.matrix_run_id) markRunStarted.run(claimed.matrix_run_id);
        return claimed;
      });
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
    complete(id: string, owner: string, image: ProcessedImage, metadata: Record<string, unknown>, now = Date.now()): boolean {
      return immediate(sqlite, () => {
        const done = sqlite
          .query(
            `UPDATE renders SET status = 'done', image_path = ?, thumb_path = ?, width = ?, height = ?, thumbhash = ?,
               render_metadata = ?, error = NULL, lease_until = NULL, lease_owner = NULL, completed_at = ?
             WHERE id = ? AND lease_owner = ? AND status = 'running'
             RETURNING matrix_run_id`,
          )
          .get(image.imagePath, image.thumbPath, image.width, image.height, image.thumbhash, JSON.stringify(metadata), now, id, owner) as {
          matrix_run_id: string | null;
        } | null;
        if (done?.matrix_run_id) countDone.run({ now, run: done.matrix_run_id });
        return done !== null;
      });
    },

    /** A transient failure with attempts left goes back to pending after a backoff; anything else fails for good. */
    fail(id: string, owner: string, failure: FailureReport, now = Date.now()): FailureOutcome {
      return immediate(sqlite, () => {
        const render = sqlite
          .query(`SELECT id, attempts, user_id, cost_credits, matrix_run_id FROM renders WHERE id = ? AND lease_owner = ? AND status = 'running'`)
          .get(id, owner) as { id: string; attempts: number; user_id: number | null; cost_credits: number; matrix_run_id: string | null } | null;
        if (!render) return "lost";
        if (failure.kind === "transient" && render.attempts < settings.maxAttempts) {
          const retryAt = now + retryDelayMs(render.attempts, settings, failure.retryAfterMs);
          sqlite
            .query(
              `UPDATE renders SET status = 'pending', next_attempt_at = ?, error = ?, lease_until = NULL, lease_owner = NULL,
                 provider_job_id = CASE WHEN ? THEN NULL ELSE provider_job_id END
               WHERE id = ?`,
            )
            .run(retryAt, failure.message, failure.discardProviderJob ? 1 : 0, id);
          return "retrying";
        }
        const reason =
          failure.kind === "transient" ? `Gave up after ${render.attempts} attempts: ${failure.message}` : failure.message;
        if (failure.safety) sqlite.query(`UPDATE renders SET nsfw = 1 WHERE id = ?`).run(id);
        failForGood(render, reason, now);
        return "failed";
      });
    },

    /** Hands a claimed render back untouched (graceful shutdown): the attempt does not count. */
    release(id: string, owner: string): boolean {
      return (
        sqlite
          .query(
            `UPDATE renders SET status = 'pending', attempts = max(0, attempts - 1), lease_until = NULL, lease_owner = NULL
             WHERE id = ? AND lease_owner = ? AND status = 'running'`,
          )
          .run(id, owner).changes === 1
      );
    },

    /** Renders whose last allowed attempt crashed (lease expired, no attempts left) fail for good. */
    failAbandoned(now = Date.now()): number {
      return immediate(sqlite, () => {
        const abandoned = sqlite
          .query(
            `SELECT id, attempts, user_id, cost_credits, matrix_run_id FROM renders
             WHERE status IN ('pending','running') AND status = 'running' AND lease_until < ? AND attempts >= ?`,
          )
          .all(now, settings.maxAttempts) as { id: string; attempts: number; user_id: number | null; cost_credits: number; matrix_run_id: string | null }[];
        for (const render of abandoned) {
          failForGood(render, `Gave up after ${render.attempts} attempts: the worker stopped responding.`, now);
        }
        return abandoned.length;
      });
    },

  };
}

export type RenderQueue = ReturnType<typeof createRenderQueue>;
