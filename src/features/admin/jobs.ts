// Jobs as an admin sees them: the live queue (pending, running with its lease's age, failed in the last day),
// each model's state, and the two interventions — retrying a failed render and cancelling a matrix run.
import type { Database } from "bun:sqlite";
import type { RawRow } from "../../db/raw-row";
import type { renders, users } from "../../db/schema";
import type { Config } from "../../config";
import { immediate } from "../../db/client";
import { findMatrixRunStep } from "../../db/matrix-runs";
import { HttpError } from "../../http/http-error";
import type { ModelHealth } from "../../generation/models/availability";
import { modelStates, type ModelState } from "../../generation/models/availability";
import { CANCELLED_ERROR, writeJobLog, type JobLog, type QueueSettings, type RenderQueue } from "../../generation/queue";
import { recordAdminAction } from "./audit";
import { runStepsInline } from "../../db/sqlite-steps";

export type JobRow = RawRow<
  typeof renders,
  "id" | "model_key" | "effective_prompt" | "matrix_run_id" | "attempts" | "cost_credits" | "error" | "created_at" | "next_attempt_at" | "lease_until" | "completed_at"
> & {
  /** Null when the LEFT JOIN finds no owner. */
  owner_email: RawRow<typeof users, "email">["email"] | null;
};

export interface RunningJob extends JobRow {
  /** How long since the lease was last taken or renewed. */
  lease_age_ms: number;
  /** True when the lease ran out (a worker stopped answering): another worker may take the job over. */
  lease_expired: boolean;
}

export interface LiveQueue {
  pending: JobRow[];
  pendingTotal: number;
  running: RunningJob[];
  failed: JobRow[];
  models: ModelState[];
}

const JOB_COLUMNS = `r.id, r.model_key, r.effective_prompt, u.email AS owner_email, r.matrix_run_id, r.attempts, r.cost_credits, r.error,
  r.created_at, r.next_attempt_at, r.lease_until, r.completed_at`;
const DAY_MS = 86_400_000;

export function liveQueue(sqlite: Database, config: Config, settings: QueueSettings, health: ModelHealth | undefined, now = Date.now(), limit = 100): LiveQueue {
  // `status IN ('pending','running')` word for word, as in queue.ts: it selects the partial queue index.
  const jobs = (where: string, order: string, params: (string | number)[]) =>
    sqlite
      .query<JobRow, (string | number)[]>(`SELECT ${JOB_COLUMNS} FROM renders r LEFT JOIN users u ON u.id = r.user_id WHERE ${where} ORDER BY ${order} LIMIT ?`)
      .all(...params, limit);
  const running = jobs(`r.status IN ('pending','running') AND r.status = 'running'`, "r.lease_until", []).map((job) => ({
    ...job,
    lease_age_ms: Math.max(0, now - ((job.lease_until ?? now) - settings.leaseMs)),
    lease_expired: (job.lease_until ?? 0) < now,
  }));
  const { n: pendingTotal } = sqlite
    .query<{ n: number }, []>(`SELECT count(*) AS n FROM renders WHERE status IN ('pending','running') AND status = 'pending'`)
    .get()!; // count(*) always yields a row
  return {
    pending: jobs(`r.status IN ('pending','running') AND r.status = 'pending'`, "r.next_attempt_at, r.seq", []),
    pendingTotal,
    running,
    failed: jobs(`r.status = 'failed' AND r.completed_at >= ?`, "r.completed_at DESC", [now - DAY_MS]),
    models: modelStates(config, health, now),
  };
}

/**
 * Puts a failed render back in the queue. Refused for what a retry cannot fix: a render its owner cancelled,
 * one a safety check rejected, or one whose model cannot run now (retired, withdrawn, disabled).
 */
export function retryJob(sqlite: Database, queue: RenderQueue, config: Config, health: ModelHealth | undefined, adminId: number, id: string, reason: string | null): void {
  const logged: JobLog = [];
  immediate(sqlite, () => {
    const render = sqlite
      .query<RawRow<typeof renders, "status" | "error" | "nsfw" | "model_key">, [string]>("SELECT status, error, nsfw, model_key FROM renders WHERE id = ?")
      .get(id);
    if (!render) throw new HttpError(404, "No job has that id.");
    if (render.status !== "failed") throw new HttpError(409, `Only a failed job can be retried; this one is ${render.status}.`);
    if (render.error === CANCELLED_ERROR) throw new HttpError(409, "Its owner cancelled this job; it is not retried.");
    if (render.nsfw) throw new HttpError(409, "A safety check rejected this job; retrying would not change that.");
    const model = modelStates(config, health).find((state) => state.key === render.model_key);
    if (!model || model.state !== "enabled") {
      throw new HttpError(409, `Model ${render.model_key} cannot run now${model ? ` (${model.state}: ${model.reason})` : ""}.`);
    }
    if (!runStepsInline(sqlite, (tx) => queue.steps.requeueFailed(tx, logged, id))) throw new HttpError(409, "That job is not failed any more.");
    recordAdminAction(sqlite, adminId, "job_retry", id, reason);
  });
  writeJobLog(logged);
}

/** Cancels anyone's matrix run: cells not started fail for good and are refunded; running ones finish. */
export function cancelRunAsAdmin(sqlite: Database, queue: RenderQueue, adminId: number, runId: string, reason: string | null): { cancelled: number; refunded: number } {
  const logged: JobLog = [];
  const result = immediate(sqlite, () => {
    const run = runStepsInline(sqlite, (tx, tables) => findMatrixRunStep(tx, tables, runId, "operator"));
    if (!run) throw new HttpError(404, "No matrix run has that id.");
    if (run.completedAt !== null) throw new HttpError(409, "That run has already finished.");
    const cancelled = runStepsInline(sqlite, (tx) => queue.steps.cancelRun(tx, logged, runId, "any owner"))!;
    recordAdminAction(sqlite, adminId, "run_cancel", runId, reason);
    return cancelled;
  });
  writeJobLog(logged);
  return result;
}
