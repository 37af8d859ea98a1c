// The durable job queue: a render row is the job (pending → running → done | failed). The queue decides
// every change of a render's state and makes it through one function, transition(); the SQL is in
// src/db/renders.ts. Each change is one transaction on the data handle (bun:sqlite or PostgreSQL); the claim
// differs by database: SQLite's is one capped UPDATE under BEGIN IMMEDIATE, PostgreSQL's is pg-queue-claim.ts
// (FOR UPDATE SKIP LOCKED under an advisory lock), and on PostgreSQL idle workers wake on NOTIFY (pg-queue-wakeup.ts).
import { transaction, type Data, type Tables, type Tx } from "../db/data";
import { log, type LogFields } from "../log";
import { countSettledCell, findMatrixRunStep, markMatrixRunCancelled, markMatrixRunStarted, uncountFailedCell } from "../db/matrix-runs";
import {
  abandonedRenders,
  claimNextRenderOnSqlite,
  completeRender,
  failRender,
  heldRenderAttempts,
  pendingRenderIdsOfRun,
  pendingRendersOfModels,
  recordProviderJob,
  releaseRender,
  requeueFailedRender,
  renewRenderLease,
  retryRender,
  type ClaimedRender,
  type FailFrom,
  type MovedRender,
  type Step,
} from "../db/renders";
import { claimNextRenderPg } from "./pg-queue-claim";
import { listenForQueueWork, type QueueWakeup } from "./pg-queue-wakeup";
import type { ProcessedImage } from "./render-files";
import type { RenderProvenance } from "./provenance";

export { queueStats, type ClaimedRender, type QueueStats } from "../db/renders";

export interface QueueSettings {
  /** Running renders with a live lease, across every process sharing the database. */
  concurrency: number;
  maxAttempts: number;
  leaseMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** What a settlement hook learns about a render that has failed for good. */
export type FailedRender = Pick<MovedRender, "id" | "userId" | "costCredits" | "matrixRunId"> & { error: string };

/**
 * A step of the transaction that marks the render failed, so its effects commit with it (or not at all). Like any
 * transaction body it touches only the database: on PostgreSQL it may run again after a serialization failure.
 */
export type SettlementHook = (tx: Tx, tables: Tables, render: FailedRender) => Step<void>;

/** What a settlement listener learns: a render reached done or failed for good. */
export type SettledRender = Pick<MovedRender, "id" | "userId" | "matrixRunId"> & { outcome: "done" | "failed" };

/**
 * A step of the transaction that settles a render, after the run's counters moved (so a listener sees the run
 * complete when this was its last cell). A listener must not fail a statement: that would undo the settlement.
 */
export type SettlementListener = (tx: Tx, tables: Tables, render: SettledRender) => Step<void>;

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

export const CANCELLED_ERROR = "Cancelled before it started";

/** Exponential backoff with jitter (capped), and never sooner than the provider's Retry-After (not capped). */
export function retryDelayMs(attempts: number, settings: QueueSettings, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(retryAfterMs ?? 0, jittered);
}

/** Job log lines a transaction collects; written once it has committed (a retried body starts a fresh list). */
export type JobLog = [event: string, fields: LogFields][];

export function writeJobLog(entries: JobLog): void {
  for (const [event, fields] of entries) log.event(event, fields);
}

/** Where a transition leaves the render: the queue's state machine. */
type Destination = "running" | "done" | "pending" | "failed";

/** Where a transition takes the render from: its queued life, or (an admin's retry) a failure for good. */
type Origin = "queue" | "failed";

function eventName(to: Destination, error: string | undefined, from: Origin): string {
  if (from === "failed") return "job requeued";
  if (to === "running") return "job claimed";
  if (to === "pending") return error === undefined ? "job released" : "job retried";
  return to === "done" ? "job done" : "job failed";
}

const noHook: SettlementHook = function* () {};

export function createRenderQueue(data: Data, settings: QueueSettings, onFailed: SettlementHook = noHook) {
  const { tables } = data;
  const settlementListeners = new Set<SettlementListener>();

  /** Runs `body` as one transaction and writes its job log after it commits. */
  async function inTransaction<T>(body: (tx: Tx, logged: JobLog) => Step<T>): Promise<T> {
    let logged: JobLog = [];
    const result = await transaction(data, (tx) => {
      logged = [];
      return body(tx, logged);
    });
    writeJobLog(logged);
    return result;
  }

  /**
   * The one place a render changes state. `write` is the conditional write of the render row (it yields nothing
   * when the render was no longer where the caller expected it); this then keeps the matrix run's counters and,
   * for a render that failed for good, calls the settlement hook — all inside the caller's transaction, so the
   * state, the counters and the refund commit together or not at all.
   */
  function* transition<T extends MovedRender>(
    tx: Tx,
    logged: JobLog,
    to: Destination,
    write: Step<T | null>,
    now: number,
    error?: string,
    facts: LogFields = {},
    from: Origin = "queue",
  ): Step<T | null> {
    const render = yield* write;
    if (!render) return null;
    logged.push([
      eventName(to, error, from),
      {
        render: render.id,
        model: render.modelKey,
        attempt: render.attempts,
        run: render.matrixRunId ?? undefined,
        user: render.userId ?? undefined,
        ...facts,
        error,
      },
    ]);
    if (render.matrixRunId) {
      if (from === "failed") yield* uncountFailedCell(tx, tables, render.matrixRunId);
      if (to === "running") yield* markMatrixRunStarted(tx, tables, render.matrixRunId);
      else if (to === "done" || to === "failed") yield* countSettledCell(tx, tables, render.matrixRunId, to, now);
    }
    if (to === "failed") {
      const { id, userId, costCredits, matrixRunId } = render;
      yield* onFailed(tx, tables, { id, userId, costCredits, matrixRunId, error: error ?? "" });
    }
    if (to === "done" || to === "failed") {
      for (const listener of settlementListeners) {
        yield* listener(tx, tables, { id: render.id, userId: render.userId, matrixRunId: render.matrixRunId, outcome: to });
      }
    }
    return render;
  }

  function failForGood(
    tx: Tx,
    logged: JobLog,
    id: string,
    from: FailFrom,
    error: string,
    now: number,
    options: { nsfw?: boolean; facts?: LogFields } = {},
  ): Step<MovedRender | null> {
    return transition(tx, logged, "failed", failRender(tx, tables, id, from, { error, completedAt: now, nsfw: options.nsfw }), now, error, options.facts);
  }

  /** Steps for a caller that composes a queue change into a transaction of its own (an admin's retry or cancel). */
  const steps = {
    /**
     * A render that failed for good goes back to pending with fresh attempts (an admin's retry). It charges
     * nothing: its credits came back when it failed, and the one-refund-per-render index keeps a second failure
     * from refunding them again. Null when the render is not failed (already retried, or never failed).
     */
    requeueFailed(tx: Tx, logged: JobLog, id: string, now = Date.now()): Step<MovedRender | null> {
      return transition(tx, logged, "pending", requeueFailedRender(tx, tables, id, now), now, undefined, {}, "failed");
    },

    /**
     * Cancels a user's matrix run: the cells not yet started fail for good (so the settlement hook refunds
     * them), cells already running finish normally. One transaction, so it cannot race a worker claiming
     * a cell. A run that has already finished is left exactly as it is. Null when the run is not theirs
     * (an admin cancels for `"any owner"`).
     */
    *cancelRun(tx: Tx, logged: JobLog, runId: string, userId: number | "any owner", now = Date.now()): Step<{ cancelled: number; refunded: number } | null> {
      const matrixRun = yield* findMatrixRunStep(tx, tables, runId, userId === "any owner" ? "operator" : { ownerId: userId });
      if (!matrixRun) return null;
      if (matrixRun.completedAt !== null) return { cancelled: 0, refunded: 0 };
      // Marked first, so the cells failed below keep it cancelled rather than counting it to 'done'.
      yield* markMatrixRunCancelled(tx, tables, runId);
      let cancelled = 0;
      let refunded = 0;
      for (const id of yield* pendingRenderIdsOfRun(tx, tables, runId)) {
        const render = yield* failForGood(tx, logged, id, "pending", CANCELLED_ERROR, now);
        if (!render) continue;
        cancelled++;
        refunded += render.costCredits;
      }
      return { cancelled, refunded };
    },
  };

  return {
    settings,
    steps,

    /** Adds a listener told of every render that settles (done or failed for good); adding it twice has no effect. */
    addSettlementListener(listener: SettlementListener): void {
      settlementListeners.add(listener);
    },

    /**
     * Claims the next due render for one of `models`, enforcing the global cap in the same transaction, so the
     * cap holds across restarts and processes. An expired lease (a crashed worker) makes a running render
     * claimable again. Without `now`, PostgreSQL uses the database's clock (processes on several machines).
     */
    async claimNext(owner: string, models: readonly string[], now?: number): Promise<ClaimedRender | null> {
      if (models.length === 0) return null;
      if (data.dialect === "postgres") return claimNextRenderPg(data.pg.client, settings, owner, models, now);
      const at = now ?? Date.now();
      const claim = { owner, now: at, leaseUntil: at + settings.leaseMs, maxAttempts: settings.maxAttempts, models, cap: settings.concurrency };
      return inTransaction((tx, logged) => transition(tx, logged, "running", claimNextRenderOnSqlite(claim), at));
    },

    /**
     * What idle workers wait on between claims: on PostgreSQL a LISTEN that any process's NOTIFY (a render queued,
     * put back, or a provider slot freed) ends early; null on SQLite, where the one process wakes its own pool.
     */
    async listenForWork(): Promise<QueueWakeup | null> {
      return data.dialect === "postgres" ? listenForQueueWork(data.pg.client) : null;
    },

    renewLease(id: string, owner: string, now = Date.now()): Promise<boolean> {
      return renewRenderLease(data, id, owner, now + settings.leaseMs);
    },

    recordProviderJob(id: string, owner: string, providerJobId: string): Promise<boolean> {
      return recordProviderJob(data, id, owner, providerJobId);
    },

    /** Records the result; false when this claim no longer holds the lease (another attempt took over). */
    async complete(
      id: string,
      owner: string,
      image: ProcessedImage,
      metadata: Record<string, unknown>,
      now = Date.now(),
      provenance: RenderProvenance | null = null,
    ): Promise<boolean> {
      const result = {
        provenance,
        imagePath: image.imagePath,
        thumbPath: image.thumbPath,
        thumb2xPath: image.thumb2xPath,
        width: image.width,
        height: image.height,
        thumbhash: image.thumbhash,
        fullKey: image.fullKey,
        fullWidth: image.fullWidth,
        fullHeight: image.fullHeight,
        fullBytes: image.fullBytes,
        renderMetadata: metadata,
        completedAt: now,
      };
      const facts = { provider_ms: provenance?.timings.provider_ms };
      const done = await inTransaction((tx, logged) => transition(tx, logged, "done", completeRender(tx, tables, id, owner, result), now, undefined, facts));
      return done !== null;
    },

    /** A transient failure with attempts left goes back to pending after a backoff; anything else fails for good. */
    fail(id: string, owner: string, failure: FailureReport, now = Date.now()): Promise<FailureOutcome> {
      // Drawn once, outside the body, so a retried body on PostgreSQL schedules the same retry.
      const random = Math.random();
      return inTransaction(function* (tx, logged): Step<FailureOutcome> {
        const attempts = yield* heldRenderAttempts(tx, tables, id, owner);
        if (attempts === null) return "lost";
        if (failure.kind === "transient" && attempts < settings.maxAttempts) {
          const retry = {
            retryAt: now + retryDelayMs(attempts, settings, failure.retryAfterMs, () => random),
            error: failure.message,
            discardProviderJob: failure.discardProviderJob ?? false,
          };
          yield* transition(tx, logged, "pending", retryRender(tx, tables, id, owner, retry), now, failure.message, {
            provider_ms: failure.providerMs,
            retry_in_ms: retry.retryAt - now,
          });
          return "retrying";
        }
        const reason = failure.kind === "transient" ? `Gave up after ${attempts} attempts: ${failure.message}` : failure.message;
        yield* failForGood(tx, logged, id, { owner }, reason, now, { nsfw: failure.safety ?? false, facts: { provider_ms: failure.providerMs } });
        return "failed";
      });
    },

    /** steps.requeueFailed in a transaction of its own. */
    requeueFailed(id: string, now = Date.now()): Promise<MovedRender | null> {
      return inTransaction((tx, logged) => steps.requeueFailed(tx, logged, id, now));
    },

    /** Hands a claimed render back untouched (graceful shutdown): the attempt does not count. */
    async release(id: string, owner: string, now = Date.now()): Promise<boolean> {
      return (await inTransaction((tx, logged) => transition(tx, logged, "pending", releaseRender(tx, tables, id, owner), now))) !== null;
    },

    /**
     * Pending renders of models that can never run (retired, withdrawn, disowned by the provider) fail
     * for good, each through the settlement hook (its refund). Running ones finish or fail on their own.
     */
    async failPendingForModels(modelKeys: readonly string[], reasonFor: (modelKey: string) => string, now = Date.now()): Promise<number> {
      if (modelKeys.length === 0) return 0;
      return inTransaction(function* (tx, logged) {
        let failed = 0;
        for (const render of yield* pendingRendersOfModels(tx, tables, modelKeys)) {
          if (yield* failForGood(tx, logged, render.id, "pending", reasonFor(render.modelKey), now)) failed++;
        }
        return failed;
      });
    },

    /** Renders whose last allowed attempt crashed (lease expired, no attempts left) fail for good. */
    failAbandoned(now = Date.now()): Promise<number> {
      return inTransaction(function* (tx, logged) {
        const abandoned = yield* abandonedRenders(tx, tables, now, settings.maxAttempts);
        for (const render of abandoned) {
          yield* failForGood(tx, logged, render.id, "abandoned", `Gave up after ${render.attempts} attempts: the worker stopped responding.`, now);
        }
        return abandoned.length;
      });
    },

    /** steps.cancelRun in a transaction of its own. */
    cancelRun(runId: string, userId: number | "any owner", now = Date.now()): Promise<{ cancelled: number; refunded: number } | null> {
      return inTransaction((tx, logged) => steps.cancelRun(tx, logged, runId, userId, now));
    },
  };
}

export type RenderQueue = ReturnType<typeof createRenderQueue>;
