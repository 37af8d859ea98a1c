// The durable job queue: a render row is the job (pending → running → done | failed). The queue decides
// every change of a render's state and makes it through one function, transition(); the SQL is in
// src/db/renders.ts. Every function is synchronous and runs on the main thread, which owns all writes.
import type { Database } from "bun:sqlite";
import { immediate } from "../db/client";
import { log, type LogFields } from "../log";
import { countSettledCell, findMatrixRun, markMatrixRunCancelled, markMatrixRunStarted, uncountFailedCell } from "../db/matrix-runs";
import {
  abandonedRenders,
  claimNextRender,
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
} from "../db/renders";
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

/** Runs inside the transaction that marks the render failed, so its effects commit with it (or not at all). */
export type SettlementHook = (sqlite: Database, render: FailedRender) => void;

/** What a settlement listener learns: a render reached done or failed for good. */
export type SettledRender = Pick<MovedRender, "id" | "userId" | "matrixRunId"> & { outcome: "done" | "failed" };

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

export const CANCELLED_ERROR = "Cancelled before it started";

/** Exponential backoff with jitter (capped), and never sooner than the provider's Retry-After (not capped). */
export function retryDelayMs(attempts: number, settings: QueueSettings, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(retryAfterMs ?? 0, jittered);
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

export function createRenderQueue(sqlite: Database, settings: QueueSettings, onFailed: SettlementHook = () => {}) {
  const settlementListeners = new Set<SettlementListener>();

  /**
   * The one place a render changes state. `write` is the conditional write of the render row (it returns
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
      model: render.modelKey,
      attempt: render.attempts,
      run: render.matrixRunId ?? undefined,
      user: render.userId ?? undefined,
      ...facts,
      error,
    });
    if (render.matrixRunId) {
      if (from === "failed") uncountFailedCell(sqlite, render.matrixRunId);
      if (to === "running") markMatrixRunStarted(sqlite, render.matrixRunId);
      else if (to === "done" || to === "failed") countSettledCell(sqlite, render.matrixRunId, to, now);
    }
    if (to === "failed") {
      const { id, userId, costCredits, matrixRunId } = render;
      onFailed(sqlite, { id, userId, costCredits, matrixRunId, error: error ?? "" });
    }
    if (to === "done" || to === "failed") {
      for (const listener of settlementListeners) listener(sqlite, { id: render.id, userId: render.userId, matrixRunId: render.matrixRunId, outcome: to });
    }
    return render;
  }

  function failForGood(id: string, from: FailFrom, error: string, now: number, options: { nsfw?: boolean; facts?: LogFields } = {}): MovedRender | null {
    return transition("failed", () => failRender(sqlite, id, from, { error, completedAt: now, nsfw: options.nsfw }), now, error, options.facts);
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
      const claim = { owner, now, leaseUntil: now + settings.leaseMs, maxAttempts: settings.maxAttempts, models, cap: settings.concurrency };
      return immediate(sqlite, () => transition("running", () => claimNextRender(sqlite, claim), now));
    },

    renewLease(id: string, owner: string, now = Date.now()): boolean {
      return renewRenderLease(sqlite, id, owner, now + settings.leaseMs);
    },

    recordProviderJob(id: string, owner: string, providerJobId: string): boolean {
      return recordProviderJob(sqlite, id, owner, providerJobId);
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
      return immediate(sqlite, () => transition("done", () => completeRender(sqlite, id, owner, result), now, undefined, facts) !== null);
    },

    /** A transient failure with attempts left goes back to pending after a backoff; anything else fails for good. */
    fail(id: string, owner: string, failure: FailureReport, now = Date.now()): FailureOutcome {
      return immediate(sqlite, () => {
        const attempts = heldRenderAttempts(sqlite, id, owner);
        if (attempts === null) return "lost";
        if (failure.kind === "transient" && attempts < settings.maxAttempts) {
          const retry = {
            retryAt: now + retryDelayMs(attempts, settings, failure.retryAfterMs),
            error: failure.message,
            discardProviderJob: failure.discardProviderJob ?? false,
          };
          transition("pending", () => retryRender(sqlite, id, owner, retry), now, failure.message, {
            provider_ms: failure.providerMs,
            retry_in_ms: retry.retryAt - now,
          });
          return "retrying";
        }
        const reason = failure.kind === "transient" ? `Gave up after ${attempts} attempts: ${failure.message}` : failure.message;
        failForGood(id, { owner }, reason, now, { nsfw: failure.safety ?? false, facts: { provider_ms: failure.providerMs } });
        return "failed";
      });
    },

    /**
     * A render that failed for good goes back to pending with fresh attempts (an admin's retry). It charges
     * nothing: its credits came back when it failed, and the one-refund-per-render index keeps a second failure
     * from refunding them again. Null when the render is not failed (already retried, or never failed).
     */
    requeueFailed(id: string, now = Date.now()): MovedRender | null {
      return immediate(sqlite, () => transition("pending", () => requeueFailedRender(sqlite, id, now), now, undefined, {}, "failed"));
    },

    /** Hands a claimed render back untouched (graceful shutdown): the attempt does not count. */
    release(id: string, owner: string, now = Date.now()): boolean {
      return immediate(sqlite, () => transition("pending", () => releaseRender(sqlite, id, owner), now) !== null);
    },

    /**
     * Pending renders of models that can never run (retired, withdrawn, disowned by the provider) fail
     * for good, each through the settlement hook (its refund). Running ones finish or fail on their own.
     */
    failPendingForModels(modelKeys: readonly string[], reasonFor: (modelKey: string) => string, now = Date.now()): number {
      if (modelKeys.length === 0) return 0;
      return immediate(sqlite, () => {
        let failed = 0;
        for (const render of pendingRendersOfModels(sqlite, modelKeys)) {
          if (failForGood(render.id, "pending", reasonFor(render.modelKey), now)) failed++;
        }
        return failed;
      });
    },

    /** Renders whose last allowed attempt crashed (lease expired, no attempts left) fail for good. */
    failAbandoned(now = Date.now()): number {
      return immediate(sqlite, () => {
        const abandoned = abandonedRenders(sqlite, now, settings.maxAttempts);
        for (const render of abandoned) {
          failForGood(render.id, "abandoned", `Gave up after ${render.attempts} attempts: the worker stopped responding.`, now);
        }
        return abandoned.length;
      });
    },

    /**
     * Cancels a user's matrix run: the cells not yet started fail for good (so the settlement hook refunds
     * them), cells already running finish normally. One transaction, so it cannot race a worker claiming
     * a cell. A run that has already finished is left exactly as it is. Null when the run is not theirs
     * (an admin cancels for `"any owner"`).
     */
    cancelRun(runId: string, userId: number | "any owner", now = Date.now()): { cancelled: number; refunded: number } | null {
      return immediate(sqlite, () => {
        const run = findMatrixRun(sqlite, runId, userId === "any owner" ? "operator" : { ownerId: userId });
        if (!run) return null;
        if (run.completedAt !== null) return { cancelled: 0, refunded: 0 };
        // Marked first, so the cells failed below keep it cancelled rather than counting it to 'done'.
        markMatrixRunCancelled(sqlite, runId);
        let cancelled = 0;
        let refunded = 0;
        for (const id of pendingRenderIdsOfRun(sqlite, runId)) {
          const render = failForGood(id, "pending", CANCELLED_ERROR, now);
          if (!render) continue;
          cancelled++;
          refunded += render.costCredits;
        }
        return { cancelled, refunded };
      });
    },
  };
}

export type RenderQueue = ReturnType<typeof createRenderQueue>;
