// The render queue on both databases (one suite, bun:sqlite and a real PostgreSQL): planning a matrix run, the
// provider cap holding across two queues claiming at once, complete / fail / retry / lease expiry, a run's counts,
// each render settled exactly once with one refund and one webhook event, idle workers woken, and a worker pool
// rendering a run to the end.
import { beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { loadConfig } from "../../src/config";
import { findMatrixRun } from "../../src/db/matrix-runs";
import { createGenerationEngine } from "../../src/generation/engine";
import { planMatrixRun, type MatrixRequest } from "../../src/generation/matrix";
import { createRenderQueue, queueStats, type QueueSettings } from "../../src/generation/queue";
import type { ProcessedImage } from "../../src/generation/render-files";
import { refundStep } from "../../src/features/billing/ledger";
import { webhookSettlementStep } from "../../src/features/webhooks/events";
import { forEachBackend } from "../helpers/backends";
import { FAST_GENERATION_ENV, waitFor } from "../helpers/generation";

const SETTINGS: QueueSettings = { concurrency: 2, maxAttempts: 2, leaseMs: 1_000, backoffBaseMs: 100, backoffMaxMs: 1_000 };
const MODELS = ["local:sketch"];
const T0 = 1_800_000_000_000;

const IMAGE: ProcessedImage = {
  imagePath: "/images/2026/11/x.webp",
  thumbPath: "/images/2026/11/x_t.webp",
  thumb2xPath: "/images/2026/11/x_t2.webp",
  fullKey: "images/2026/11/x_full.webp",
  width: 768,
  height: 768,
  fullWidth: 1024,
  fullHeight: 1024,
  fullBytes: 1,
  thumbhash: "AAAA",
  bytes: 1,
};

forEachBackend("the render queue", (backend) => {
  let userId: number;

  beforeEach(async () => {
    const { renders, matrixRuns, creditLedger, webhookDeliveries, webhookTargets, users } = backend.data.tables;
    for (const table of [webhookDeliveries, webhookTargets, creditLedger, renders, matrixRuns, users]) await backend.data.db.delete(table);
    const [user] = await backend.data.db.insert(users).values({ googleSub: "queue-payer", email: "payer@example.com" }).returning({ id: users.id });
    userId = user!.id;
  });

  const queueWith = (settings: Partial<QueueSettings> = {}) => createRenderQueue(backend.data, { ...SETTINGS, ...settings }, refundStep);

  async function plan(prompts: string[], extra: Partial<MatrixRequest> = {}) {
    const planned = await planMatrixRun(backend.data, { basePrompts: prompts, stylePhrases: ["ink wash"], modelKeys: MODELS, userId, costOf: () => 3, ...extra });
    if (!planned) throw new Error("nothing was planned");
    return planned;
  }

  async function render(id: string) {
    const { renders } = backend.data.tables;
    const [row] = await backend.data.db
      .select({ status: renders.status, attempts: renders.attempts, leaseOwner: renders.leaseOwner, error: renders.error, nextAttemptAt: renders.nextAttemptAt })
      .from(renders)
      .where(eq(renders.id, id));
    return row;
  }

  async function refunds(renderId: string) {
    const { creditLedger } = backend.data.tables;
    return backend.data.db
      .select({ delta: creditLedger.delta })
      .from(creditLedger)
      .where(and(eq(creditLedger.renderId, renderId), eq(creditLedger.reason, "render_refund")));
  }

  test("a planned matrix run is one queued run and one pending render per cell; planning it again adds nothing", async () => {
    const planned = await plan(["a fox", "a lighthouse"], { stylePhrases: ["ink wash", "pixel art"] });
    expect(planned.renderIds).toHaveLength(4);
    expect(planned.cost).toBe(12);
    expect(await findMatrixRun(backend.data, planned.runId, { ownerId: userId })).toMatchObject({
      status: "queued",
      totalCells: 4,
      doneCells: 0,
      failedCells: 0,
      costCredits: 12,
      basePrompts: ["a fox", "a lighthouse"],
      stylePhrases: ["ink wash", "pixel art"],
    });
    expect(await findMatrixRun(backend.data, planned.runId, { ownerId: userId + 1 })).toBeNull();
    for (const id of planned.renderIds) expect(await render(id)).toMatchObject({ status: "pending", attempts: 0 });
    expect(await queueStats(backend.data, T0)).toEqual({ pending: 4, running: 0, failed_last_hour: 0 });
    const again = await planMatrixRun(backend.data, { basePrompts: ["a fox", "a lighthouse"], stylePhrases: ["ink wash", "pixel art"], modelKeys: MODELS, skipExisting: true });
    expect(again).toBeNull();
  });

  test("two queues claiming at once never hold more than the cap, and no render is claimed twice", async () => {
    const planned = await plan(["one", "two", "three", "four", "five"]);
    const first = queueWith();
    const second = queueWith();
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? first : second).claimNext(`owner-${i}`, MODELS, T0)),
    );
    const claimed = claims.flatMap((claim, i) => (claim ? [{ id: claim.id, owner: `owner-${i}` }] : []));
    expect(claimed).toHaveLength(2);
    expect(new Set(claimed.map((claim) => claim.id)).size).toBe(2);
    expect(await queueStats(backend.data, T0)).toEqual({ pending: 3, running: 2, failed_last_hour: 0 });
    // Finishing one frees its slot for the other queue.
    expect(await first.complete(claimed[0]!.id, claimed[0]!.owner, IMAGE, {}, T0 + 10)).toBe(true);
    expect(await second.claimNext("owner-late", MODELS, T0 + 20)).toMatchObject({ attempts: 1 });
    expect(await first.claimNext("owner-later", MODELS, T0 + 20)).toBeNull();
    expect((await findMatrixRun(backend.data, planned.runId, "operator"))?.status).toBe("running");
  });

  test("complete, fail, retry and an expired lease move each render as the queue's rules say", async () => {
    const queue = queueWith({ concurrency: 3 });
    const [a, b, c] = (await plan(["a fox", "a lighthouse", "a robot"])).renderIds as [string, string, string];
    expect((await queue.claimNext("w1", MODELS, T0))?.id).toBe(a);
    expect((await queue.claimNext("w2", MODELS, T0))?.id).toBe(b);
    expect((await queue.claimNext("w3", MODELS, T0 + 500))?.id).toBe(c);

    // Done once: a second completion, or another owner's, is refused.
    expect(await queue.complete(a, "w1", IMAGE, { seed: 1 }, T0 + 100)).toBe(true);
    expect(await queue.complete(a, "w1", IMAGE, {}, T0 + 101)).toBe(false);
    expect(await render(a)).toMatchObject({ status: "done", leaseOwner: null, error: null });

    // A transient failure with attempts left waits out its backoff, then is claimed again.
    expect(await queue.fail(b, "w2", { kind: "transient", message: "busy", retryAfterMs: 700 }, T0 + 100)).toBe("retrying");
    expect(await render(b)).toMatchObject({ status: "pending", attempts: 1, error: "busy", nextAttemptAt: T0 + 800 });
    expect(await queue.claimNext("w4", MODELS, T0 + 799)).toBeNull();
    expect(await queue.claimNext("w4", MODELS, T0 + 800)).toMatchObject({ id: b, attempts: 2 });

    // c's lease (until T0+1500) runs out: another owner takes it over, and the first owner has lost it.
    expect(await queue.claimNext("w5", MODELS, T0 + 1_501)).toMatchObject({ id: c, attempts: 2 });
    expect(await queue.renewLease(c, "w3", T0 + 1_502)).toBe(false);
    expect(await queue.fail(c, "w3", { kind: "transient", message: "late" }, T0 + 1_502)).toBe("lost");
    expect(await queue.renewLease(c, "w5", T0 + 1_502)).toBe(true);

    // b's second and last attempt fails transiently: it fails for good, refunded once.
    expect(await queue.fail(b, "w4", { kind: "transient", message: "still busy" }, T0 + 900)).toBe("failed");
    expect(await render(b)).toMatchObject({ status: "failed", error: "Gave up after 2 attempts: still busy" });
    expect(await refunds(b)).toEqual([{ delta: 3 }]);

    // c's worker vanishes on its last attempt: abandoned, failed for good and refunded, once.
    expect(await queue.failAbandoned(T0 + 1_502 + SETTINGS.leaseMs + 1)).toBe(1);
    expect(await queue.failAbandoned(T0 + 1_502 + SETTINGS.leaseMs + 2)).toBe(0);
    expect(await render(c)).toMatchObject({ status: "failed", error: "Gave up after 2 attempts: the worker stopped responding." });
    expect(await refunds(c)).toEqual([{ delta: 3 }]);

    // An admin's retry puts b back with fresh attempts; failing again refunds nothing more.
    expect(await queue.requeueFailed(b, T0 + 5_000)).toMatchObject({ id: b });
    expect(await queue.requeueFailed(b, T0 + 5_000)).toBeNull();
    expect(await queue.claimNext("w6", MODELS, T0 + 5_000)).toMatchObject({ id: b, attempts: 1 });
    expect(await queue.fail(b, "w6", { kind: "permanent", message: "refused" }, T0 + 5_001)).toBe("failed");
    expect(await refunds(b)).toEqual([{ delta: 3 }]);
    // Releasing hands a claim back without spending its attempt.
    const [d] = (await plan(["a kettle"])).renderIds as [string];
    expect(await queue.claimNext("w7", MODELS, T0 + 6_000)).toMatchObject({ id: d, attempts: 1 });
    expect(await queue.release(d, "w7", T0 + 6_001)).toBe(true);
    expect(await render(d)).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null });
  });

  test("a run's counts follow its cells to done, and a cancelled run refunds the cells not started", async () => {
    const queue = queueWith({ concurrency: 5 });
    const planned = await plan(["one", "two", "three"]);
    const runOf = () => findMatrixRun(backend.data, planned.runId, "operator");
    const [x, y, z] = planned.renderIds as [string, string, string];
    for (const owner of ["w1", "w2", "w3"]) await queue.claimNext(owner, MODELS, T0);
    expect(await runOf()).toMatchObject({ status: "running", doneCells: 0, failedCells: 0, completedAt: null });
    await queue.complete(x, "w1", IMAGE, {}, T0 + 10);
    await queue.fail(y, "w2", { kind: "permanent", message: "refused" }, T0 + 20);
    expect(await runOf()).toMatchObject({ status: "running", doneCells: 1, failedCells: 1, completedAt: null });
    await queue.complete(z, "w3", IMAGE, {}, T0 + 30);
    expect(await runOf()).toMatchObject({ status: "done", doneCells: 2, failedCells: 1, completedAt: T0 + 30 });

    const cancelled = await plan(["four", "five", "six"]);
    const [started] = cancelled.renderIds as [string];
    expect((await queue.claimNext("w4", MODELS, T0 + 40))?.id).toBe(started);
    expect(await queue.cancelRun(cancelled.runId, userId + 1, T0 + 50)).toBeNull();
    expect(await queue.cancelRun(cancelled.runId, userId, T0 + 50)).toEqual({ cancelled: 2, refunded: 6 });
    expect(await findMatrixRun(backend.data, cancelled.runId, "operator")).toMatchObject({ status: "cancelled", failedCells: 2, completedAt: null });
    for (const id of cancelled.renderIds.slice(1)) expect(await refunds(id)).toEqual([{ delta: 3 }]);
    // The running cell finishes normally and completes the cancelled run, which stays cancelled.
    await queue.complete(started, "w4", IMAGE, {}, T0 + 60);
    expect(await findMatrixRun(backend.data, cancelled.runId, "operator")).toMatchObject({ status: "cancelled", doneCells: 1, failedCells: 2, completedAt: T0 + 60 });
    expect(await queue.cancelRun(cancelled.runId, "any owner", T0 + 70)).toEqual({ cancelled: 0, refunded: 0 });
  });

  test("every render is settled exactly once, with one webhook event each, however many workers race", async () => {
    const { webhookTargets, webhookDeliveries } = backend.data.tables;
    const queue = queueWith({ concurrency: 2, leaseMs: 60_000 });
    queue.addSettlementListener(webhookSettlementStep({ baseUrl: "http://gallery.test" }));
    const planned = await plan(["one", "two", "three", "four", "five", "six"]);
    await backend.data.db.insert(webhookTargets).values([
      ...planned.renderIds.map((id) => ({ subjectKind: "render" as const, subjectId: id, userId, url: "http://hooks.test/render" })),
      { subjectKind: "matrix_run" as const, subjectId: planned.runId, userId, url: "http://hooks.test/run" },
    ]);
    const completed: string[] = [];
    // Four workers, each claiming and then completing its render three times over (a retried report).
    async function worker(owner: string) {
      for (;;) {
        const job = await queue.claimNext(owner, MODELS, T0);
        if (!job) return;
        const reports = await Promise.all([1, 2, 3].map(() => queue.complete(job.id, owner, IMAGE, {}, T0 + 1)));
        expect(reports.filter(Boolean)).toHaveLength(1);
        completed.push(job.id);
      }
    }
    await Promise.all(["w1", "w2", "w3", "w4"].map(worker));
    // Claims that found every slot taken leave work behind: keep going until the queue is empty.
    while ((await queueStats(backend.data, T0)).pending > 0) await Promise.all(["w1", "w2"].map(worker));
    expect(completed.toSorted()).toEqual(planned.renderIds.toSorted());
    expect(await findMatrixRun(backend.data, planned.runId, "operator")).toMatchObject({ status: "done", doneCells: 6, failedCells: 0 });
    const events = await backend.data.db
      .select({ type: webhookDeliveries.type, subjectId: webhookDeliveries.subjectId, body: webhookDeliveries.body })
      .from(webhookDeliveries);
    expect(events.filter((event) => event.type === "render.completed").map((event) => event.subjectId).toSorted()).toEqual(planned.renderIds.toSorted());
    const runEvents = events.filter((event) => event.type === "matrix_run.completed");
    expect(runEvents).toHaveLength(1);
    expect(JSON.parse(runEvents[0]!.body).data).toMatchObject({ id: planned.runId, status: "done", done_cells: 6, completed_at: T0 + 1 });
    const renderEvent = JSON.parse(events.find((event) => event.type === "render.completed")!.body);
    expect(renderEvent.data).toMatchObject({ status: "done", model_key: "local:sketch", completed_at: T0 + 1, url: `http://gallery.test/r/${renderEvent.data.id}` });
  });

  test("an idle worker hears of new work at once on PostgreSQL (LISTEN/NOTIFY); SQLite's single process polls", async () => {
    const queue = queueWith();
    const wakeup = await queue.listenForWork();
    if (backend.name === "sqlite") {
      expect(wakeup).toBeNull();
      return;
    }
    try {
      const waiting = wakeup!.waitForWork(30_000);
      await plan(["a heron"]);
      expect(await waiting).toBe("notified");
    } finally {
      await wakeup!.close();
    }
  });

  test("a worker pool renders a planned run to the end through the local provider", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "gallery-queue-backends-"));
    const config = loadConfig({ ...FAST_GENERATION_ENV, DATA_DIR: dataDir, GENERATION_LEASE_MS: "30000" });
    const engine = createGenerationEngine(backend.data, config, { onFailed: refundStep });
    try {
      const planned = await plan(["a red fox in a snowy forest", "a tin robot watering a houseplant"], { modelKeys: ["local:sketch"] });
      engine.pool.start();
      const finished = await waitFor(
        "the run to settle",
        async () => {
          const matrixRun = await findMatrixRun(backend.data, planned.runId, "operator");
          return matrixRun && matrixRun.doneCells + matrixRun.failedCells === matrixRun.totalCells ? matrixRun : null;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      expect(finished).toMatchObject({ status: "done", doneCells: 2, failedCells: 0 });
      const { renders } = backend.data.tables;
      const done = await backend.data.db
        .select({ imagePath: renders.imagePath, gallerySeq: renders.gallerySeq })
        .from(renders)
        .where(sql`${renders.matrixRunId} = ${planned.runId}`);
      // Public and done: published in the gallery (its position handed out by the database).
      expect(done.every((row) => row.imagePath?.startsWith("/images/") && row.gallerySeq !== null)).toBe(true);
      expect(await queueStats(backend.data)).toMatchObject({ pending: 0, running: 0 });
    } finally {
      await engine.pool.stop(2_000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
