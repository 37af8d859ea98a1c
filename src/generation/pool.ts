// The worker pool: one Bun Worker per concurrency slot, fed by the queue's atomic claim. The main thread
// renews leases, records outcomes and enforces a hard timeout by replacing a Worker that hangs.
import type { Data } from "../db/data";
import type { ModelEntry } from "./models/model-entry";
import type { RenderProvenance } from "./provenance";
import type { StoreConfig } from "../storage/store";
import type { ProviderSettings } from "./providers/types";
import type { ClaimedRender, RenderQueue } from "./queue";
import type { QueueWakeup } from "./pg-queue-wakeup";
import { recordRenderFeatures } from "./style-measures";
import type { StyleFeatures } from "./style-features";
import type { FileLabelSettings, RunJobMessage, RunReport, WorkerReply } from "./worker-protocol";
import { log } from "../log";
import { metrics } from "../metrics/registry";

/** What the pool asks about models; the engine answers from the catalogue, Config and run-time health. */
export interface PoolModels {
  /** Keys this process can run now; others stay queued for a process that can. */
  runnable(): readonly string[];
  /** Keys whose queued work can never run: it fails for good (with its refund). */
  dead(): readonly string[];
  /** Why a dead key's work failed, for the person who asked for it. */
  deadReason(key: string): string;
  resolve(key: string): { model: ModelEntry; providerModule: string } | undefined;
  /** The provider disowned the model ("model not found"): stop running it. */
  markUnavailable(key: string, reason: string): void;
}

export interface PoolOptions {
  data: Data;
  queue: RenderQueue;
  models: PoolModels;
  settings: ProviderSettings;
  store: StoreConfig;
  fileLabel: FileLabelSettings;
  /** Worker count; the queue's claim enforces the global cap whatever this is. */
  slots: number;
  /** How long an idle slot waits before looking for due jobs again (at most a second; sooner on PostgreSQL's NOTIFY). */
  idlePollMs: number;
  /** Told whenever a render reaches done or failed (after the database write). */
  onSettled?: (renderId: string, outcome: SettleOutcome) => void;
}

export type SettleOutcome = "done" | "retrying" | "failed" | "lost";
type SlotReply = WorkerReply | "timeout" | "crash" | "released";

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a write nothing waits for, reporting its failure (thrown or rejected) instead of leaving it unhandled. */
async function attempt(write: () => Promise<unknown>, onError: (error: unknown) => void): Promise<void> {
  try {
    await write();
  } catch (error) {
    onError(error);
  }
}

// From source the Worker is worker.ts beside this file; in the server bundle it is the entry point dist/worker.js.
const WORKER_URL = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
/** Beyond the provider's own timeout, how long the main thread waits before replacing the Worker. */
const HARD_TIMEOUT_GRACE_MS = 5_000;

interface Slot {
  /** Started on the slot's first job: an idle server (or one just booting) runs no Workers at all. */
  worker?: Worker;
  /** The Worker died between jobs: start a fresh one before the next job rather than in a crash loop. */
  needsRespawn?: boolean;
  current?: { render: ClaimedRender; settle: (reply: SlotReply) => Promise<void> };
}

export function createWorkerPool(options: PoolOptions) {
  const { queue, settings } = options;
  const owner = `${process.pid}-${crypto.randomUUID().slice(0, 8)}`;
  let running = false;
  let wakeIdle: (() => void) | undefined;
  /** PostgreSQL's LISTEN for work queued or freed by any process; opened on start, null on SQLite. */
  let wakeup: Promise<QueueWakeup | null> = Promise.resolve(null);
  const loops: Promise<void>[] = [];
  const slots: Slot[] = [];
  /** The dead keys last swept, so their pending work is failed once per change, not every poll. */
  let sweptDead = "";

  async function sweepDeadModels(): Promise<void> {
    const dead = options.models.dead();
    const signature = dead.join("\n");
    if (signature === sweptDead) return;
    await queue.failPendingForModels(dead, (key) => options.models.deadReason(key));
    sweptDead = signature;
  }

  function provenanceOf(render: ClaimedRender, model: ModelEntry, report: RunReport, claimedAt: number): RenderProvenance {
    return {
      provider: model.provider,
      model_key: model.key,
      model_label: model.label,
      model_id: model.model,
      model_version: report.version ?? model.version ?? null,
      effective_prompt: render.effectivePrompt,
      size: model.capabilities.sizes[0]!,
      seed: report.seed,
      strength: render.inputImagePath ? render.strength : null,
      request_id: report.requestId,
      timings: {
        queued_at: new Date(render.createdAt).toISOString(),
        started_at: new Date(claimedAt).toISOString(),
        completed_at: new Date().toISOString(),
        provider_ms: report.providerMs,
        postprocess_ms: report.postprocessMs,
      },
      source_content_credentials: report.sourceContentCredentials,
    };
  }

  function spawnWorker(slot: Slot): Worker {
    const worker = new Worker(WORKER_URL);
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const reply = event.data;
      if (!slot.current || reply.renderId !== slot.current.render.id) return;
      if (reply.type === "provider-job") {
        void attempt(
          () => queue.recordProviderJob(reply.renderId, owner, reply.providerJobId),
          // Only resuming after a crash needs it; without it a retry starts a fresh prediction.
          (error) => log.error(`recording the provider job of render ${reply.renderId} failed: ${errorText(error)}`),
        );
        return;
      }
      void slot.current.settle(reply);
    };
    worker.onerror = (event) => {
      log.error(`generation worker crashed: ${event.message}`);
      if (slot.current) void slot.current.settle("crash");
      else slot.needsRespawn = true;
    };
    return worker;
  }

  async function idle(): Promise<void> {
    const listening = await wakeup;
    return new Promise((resolve) => {
      const timer = setTimeout(done, options.idlePollMs);
      // Another process queued work or freed a provider slot: look now (the timer still bounds the wait).
      void listening?.waitForWork(options.idlePollMs).then((woken) => woken === "notified" && done());
      const previous = wakeIdle;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wakeIdle = () => {
        previous?.();
        done();
      };
    });
  }

  /** Tells the engine's owner; a throwing listener must not take the slot down with it. */
  function notifySettled(renderId: string, outcome: SettleOutcome): void {
    try {
      options.onSettled?.(renderId, outcome);
    } catch (error) {
      log.error(`the settled listener failed for render ${renderId}: ${errorText(error)}`);
    }
  }

  /** Derived data: a render whose fingerprint could not be stored is still done (`bun run strength` fills it in). */
  async function recordFeatures(renderId: string, features: StyleFeatures): Promise<void> {
    try {
      await recordRenderFeatures(options.data, renderId, features);
    } catch (error) {
      log.error(`recording the style features of render ${renderId} failed: ${errorText(error)}`);
    }
  }

  /** Writes a Worker's outcome for a claim this process holds; throws what the database throws. */
  async function recordOutcome(
    slot: Slot,
    render: ClaimedRender,
    model: ModelEntry,
    claimedAt: number,
    reply: Exclude<SlotReply, "released">,
  ): Promise<SettleOutcome> {
    if (reply === "timeout" || reply === "crash") {
      // The Worker may be stuck inside a call: replace it so the slot is usable again.
      slot.worker?.terminate();
      slot.worker = undefined;
      const message = reply === "timeout" ? `The provider did not answer within ${Math.round(settings.timeoutMs / 1000)} s.` : "The generation worker crashed.";
      return queue.fail(render.id, owner, { kind: "transient", message, providerMs: Date.now() - claimedAt });
    }
    if (reply.type === "done") {
      const provenance = provenanceOf(render, model, reply.report, claimedAt);
      if (!(await queue.complete(render.id, owner, reply.image, reply.metadata, Date.now(), provenance))) return "lost";
      await recordFeatures(render.id, reply.features);
      return "done";
    }
    if (reply.type === "failed") {
      const outcome = await queue.fail(render.id, owner, { ...reply, providerMs: Date.now() - claimedAt });
      if (reply.modelUnavailable) options.models.markUnavailable(render.modelKey, reply.message);
      return outcome;
    }
    // A provider-job note never settles a job (onmessage handles it); treat one arriving here as a lost attempt.
    return queue.fail(render.id, owner, { kind: "transient", message: "The generation worker sent an unexpected reply." });
  }

  /**
   * Recording the outcome threw (disk full, SQLITE_BUSY past busy_timeout, a bug): its transaction rolled
   * back, so the render is still running under this claim. Hand it to the queue as a transient failure —
   * retried while attempts remain, else failed for good and refunded. If even that write fails, the lease
   * runs out and the render is claimed again (or failed by failAbandoned): never left running for good.
   */
  async function recoverFromRecordingError(render: ClaimedRender, error: unknown): Promise<SettleOutcome | undefined> {
    log.error(`recording the outcome of render ${render.id} failed: ${errorText(error)}`);
    try {
      return await queue.fail(render.id, owner, { kind: "transient", message: "The result could not be saved." });
    } catch (second) {
      log.error(`handing render ${render.id} back to the queue failed too (its lease will expire): ${errorText(second)}`);
      return undefined;
    }
  }

  async function runOnWorker(slot: Slot, render: ClaimedRender): Promise<void> {
    const resolved = options.models.resolve(render.modelKey);
    const providerSettings = resolved ? settings.byProvider[resolved.model.provider] : null;
    if (!resolved || !providerSettings) {
      // Claimed between a catalogue change and this look-up: hand it back for a process that can run it.
      await queue.release(render.id, owner);
      return;
    }
    const claimedAt = Date.now();
    if (slot.needsRespawn) {
      slot.worker?.terminate();
      slot.worker = undefined;
      slot.needsRespawn = false;
    }
    return new Promise<void>((resolve) => {
      const renew = setInterval(() => {
        void attempt(
          () => queue.renewLease(render.id, owner),
          // A missed renewal is survivable: at worst the lease lapses and another claim takes the render over.
          (error) => log.error(`renewing the lease of render ${render.id} failed: ${errorText(error)}`),
        );
      }, Math.max(250, Math.floor(queue.settings.leaseMs / 3)));
      const hardTimeout = setTimeout(() => void slot.current?.settle("timeout"), settings.timeoutMs + HARD_TIMEOUT_GRACE_MS);
      slot.current = {
        render,
        async settle(reply) {
          if (slot.current?.render !== render) return;
          clearInterval(renew);
          clearTimeout(hardTimeout);
          slot.current = undefined;
          // Whatever throws below, the slot is released: it goes back to claiming.
          try {
            if (reply === "released") {
              await queue.release(render.id, owner);
              return;
            }
            let outcome: SettleOutcome | undefined;
            try {
              outcome = await recordOutcome(slot, render, resolved.model, claimedAt, reply);
            } catch (error) {
              outcome = await recoverFromRecordingError(render, error);
            }
            metrics.providerCalls.inc({ model: render.modelKey });
            if (outcome !== "done") metrics.providerErrors.inc({ model: render.modelKey });
            if (outcome) notifySettled(render.id, outcome);
          } catch (error) {
            log.error(`releasing render ${render.id} failed (its lease will expire): ${errorText(error)}`);
          } finally {
            resolve();
          }
        },
      };
      const message: RunJobMessage = {
        type: "run",
        provider: { module: resolved.providerModule, settings: providerSettings },
        common: { timeoutMs: settings.timeoutMs, pollIntervalMs: settings.pollIntervalMs },
        fileLabel: options.fileLabel,
        store: options.store,
        inputImageKey: render.inputImagePath,
        job: {
          renderId: render.id,
          modelKey: render.modelKey,
          model: resolved.model,
          size: resolved.model.capabilities.sizes[0]!,
          basePrompt: render.basePrompt,
          stylePhrase: render.stylePhrase,
          effectivePrompt: render.effectivePrompt,
          strength: render.strength,
          providerJobId: render.providerJobId,
        },
      };
      try {
        const worker = (slot.worker ??= spawnWorker(slot));
        worker.postMessage(message);
      } catch (error) {
        log.error(`starting render ${render.id} on a worker failed: ${errorText(error)}`);
        void slot.current.settle("crash");
      }
    });
  }

  async function slotLoop(slot: Slot): Promise<void> {
    while (running) {
      let render: ClaimedRender | null = null;
      try {
        await queue.failAbandoned();
        await sweepDeadModels();
        render = await queue.claimNext(owner, options.models.runnable());
      } catch (error) {
        // SQLITE_BUSY beyond busy_timeout, or a disk error: back off and try again rather than die.
        log.error(`claiming a render failed: ${errorText(error)}`);
      }
      if (!render) {
        await idle();
        continue;
      }
      await runOnWorker(slot, render);
    }
  }

  return {
    owner,
    start(): void {
      if (running) return;
      running = true;
      wakeup = queue.listenForWork().catch((error: unknown) => {
        log.error(`listening for queued work failed (idle slots poll instead): ${errorText(error)}`);
        return null;
      });
      for (let i = 0; i < options.slots; i++) {
        const slot: Slot = {};
        slots.push(slot);
        loops.push(slotLoop(slot));
      }
    },

    /** New jobs were queued in this process: look now instead of at the next poll. */
    wake(): void {
      const wake = wakeIdle;
      wakeIdle = undefined;
      wake?.();
    },

    inFlight(): number {
      return slots.filter((slot) => slot.current).length;
    },

    /**
     * Stops claiming, lets in-flight jobs finish for up to `graceMs`, then hands the rest back to the
     * queue (their attempt does not count) and ends the Workers.
     */
    async stop(graceMs: number): Promise<void> {
      if (!running) return;
      running = false;
      this.wake();
      const finished = Promise.all(loops);
      let timer: Timer | undefined;
      await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      // Handed back before the Workers end, so a stop that returns has left nothing running under this claim.
      await Promise.all(slots.map((slot) => slot.current?.settle("released")));
      for (const slot of slots) slot.worker?.terminate();
      slots.length = 0;
      loops.length = 0;
      const listening = await wakeup;
      wakeup = Promise.resolve(null);
      await listening?.close();
    },
  };
}

export type WorkerPool = ReturnType<typeof createWorkerPool>;
