// Jobs as an admin sees them: the live queue (pending, running with its lease's age, failed in the last day),
// each model's state, and the two interventions — retrying a failed render and cancelling a matrix run.
import { and, desc, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import { run, transaction, type Data } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { renders, users } from "../../db/schema";
import type { Config } from "../../config";
import { HttpError } from "../../http/http-error";
import type { ModelHealth } from "../../generation/models/availability";
import { modelStates, type ModelState } from "../../generation/models/availability";
import { CANCELLED_ERROR, writeJobLog, type JobLog, type QueueSettings, type RenderQueue } from "../../generation/queue";
import { recordAdminActionStep } from "./audit";

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

const DAY_MS = 86_400_000;

export async function liveQueue(data: Data, config: Config, settings: QueueSettings, health: ModelHealth | undefined, now = Date.now(), limit = 100): Promise<LiveQueue> {
  const { renders, users } = data.tables;
  // `status IN ('pending','running')` word for word, as in queue.ts: it selects the partial queue index.
  const active = sql`${renders.status} IN ('pending','running')`;
  const jobs = (where: SQL | undefined, ...order: SQL[]): Promise<JobRow[]> =>
    data.db
      .select({
        id: renders.id,
        model_key: renders.modelKey,
        effective_prompt: renders.effectivePrompt,
        owner_email: users.email,
        matrix_run_id: renders.matrixRunId,
        attempts: renders.attempts,
        cost_credits: renders.costCredits,
        error: renders.error,
        created_at: renders.createdAt,
        next_attempt_at: renders.nextAttemptAt,
        lease_until: renders.leaseUntil,
        completed_at: renders.completedAt,
      })
      .from(renders)
      .leftJoin(users, eq(users.id, renders.userId))
      .where(where)
      .orderBy(...order)
      .limit(limit);
  const [runningJobs, pending, failed, [pendingCount]] = await Promise.all([
    jobs(and(active, eq(renders.status, "running")), asc(renders.leaseUntil)),
    jobs(and(active, eq(renders.status, "pending")), asc(renders.nextAttemptAt), asc(renders.seq)),
    jobs(and(eq(renders.status, "failed"), gte(renders.completedAt, now - DAY_MS)), desc(renders.completedAt)),
    data.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(renders).where(and(active, eq(renders.status, "pending"))),
  ]);
  const running = runningJobs.map((job) => ({
    ...job,
    lease_age_ms: Math.max(0, now - ((job.lease_until ?? now) - settings.leaseMs)),
    lease_expired: (job.lease_until ?? 0) < now,
  }));
  return { pending, pendingTotal: pendingCount!.n, running, failed, models: modelStates(config, health, now) }; // count(*) always yields a row
}

/**
 * Puts a failed render back in the queue. Refused for what a retry cannot fix: a render its owner cancelled,
 * one a safety check rejected, or one whose model cannot run now (retired, withdrawn, disabled).
 */
export async function retryJob(
  data: Data,
  queue: RenderQueue,
  config: Config,
  health: ModelHealth | undefined,
  adminId: number,
  id: string,
  reason: string | null,
): Promise<void> {
  const { tables } = data;
  const { renders } = tables;
  const logged: JobLog = [];
  await transaction(data, function* (tx) {
    const [render] = yield* run(
      tx.select({ status: renders.status, error: renders.error, nsfw: renders.nsfw, modelKey: renders.modelKey }).from(renders).where(eq(renders.id, id)),
    );
    if (!render) throw new HttpError(404, "No job has that id.");
    if (render.status !== "failed") throw new HttpError(409, `Only a failed job can be retried; this one is ${render.status}.`);
    if (render.error === CANCELLED_ERROR) throw new HttpError(409, "Its owner cancelled this job; it is not retried.");
    if (render.nsfw) throw new HttpError(409, "A safety check rejected this job; retrying would not change that.");
    const model = modelStates(config, health).find((state) => state.key === render.modelKey);
    if (!model || model.state !== "enabled") {
      throw new HttpError(409, `Model ${render.modelKey} cannot run now${model ? ` (${model.state}: ${model.reason})` : ""}.`);
    }
    if (!(yield* queue.steps.requeueFailed(tx, logged, id))) throw new HttpError(409, "That job is not failed any more.");
    yield* recordAdminActionStep(tx, tables, adminId, "job_retry", id, reason);
  });
  writeJobLog(logged);
}

/** Cancels anyone's matrix run: cells not started fail for good and are refunded; running ones finish. */
export async function cancelRunAsAdmin(data: Data, queue: RenderQueue, adminId: number, runId: string, reason: string | null): Promise<{ cancelled: number; refunded: number }> {
  const { tables } = data;
  const { matrixRuns } = tables;
  const logged: JobLog = [];
  const result = await transaction(data, function* (tx) {
    const [matrixRun] = yield* run(tx.select({ completedAt: matrixRuns.completedAt }).from(matrixRuns).where(eq(matrixRuns.id, runId)));
    if (!matrixRun) throw new HttpError(404, "No matrix run has that id.");
    if (matrixRun.completedAt !== null) throw new HttpError(409, "That run has already finished.");
    const cancelled = (yield* queue.steps.cancelRun(tx, logged, runId, "any owner"))!; // a run that exists is cancellable
    yield* recordAdminActionStep(tx, tables, adminId, "run_cancel", runId, reason);
    return cancelled;
  });
  writeJobLog(logged);
  return result;
}
