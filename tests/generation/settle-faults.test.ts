// Faults while recording a job's outcome: the slot is always released and the job always ends retried, or failed and refunded.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { refundStep } from "../../src/features/billing/ledger";
import { createGenerationEngine } from "../../src/generation/engine";
import { createTestEngine, enqueue, readRender, waitFor, type TestEngine } from "../helpers/generation";
import { captureLogs, type CapturedLogs } from "../helpers/logs";
import { sqliteData } from "../../src/db/data";

// One slot and a cap of one: if a fault left the slot stuck, nothing after it would ever run.
const ONE_SLOT = { PROVIDER_CONCURRENCY: "1" };

let engine: TestEngine;
/** The faults below are injected: what the pool logs about them is captured, anything else still prints. */
let logs: CapturedLogs;

beforeEach(() => {
  logs = captureLogs(/SQLITE_FULL|SQLITE_BUSY|SQLITE_IOERR/);
});
afterEach(async () => {
  await engine.stop();
  logs.restore();
});

function queueTwo(prompt: string, userId: number | null = null) {
  return enqueue(engine.sqlite, {
    userId,
    basePrompts: [`${prompt} one`, `${prompt} two`],
    stylePhrases: ["pencil sketch"],
    modelKeys: ["local:sketch"],
    costOf: () => 3,
  }).renderIds;
}

function throwOnce<T extends object, K extends keyof T>(target: T, method: K, error: Error) {
  const original = target[method] as (...args: unknown[]) => unknown;
  let thrown = 0;
  (target as Record<K, unknown>)[method] = (...args: unknown[]) => {
    if (thrown++ === 0) throw error;
    return original.apply(target, args);
  };
  return () => thrown;
}

test("queue.complete throws once: the render is retried and done, and the one slot goes on to the next job", async () => {
  engine = createTestEngine({ env: { ...ONE_SLOT, GENERATION_MAX_ATTEMPTS: "3" } });
  const calls = throwOnce(engine.queue, "complete", new Error("SQLITE_FULL: database or disk is full"));
  const [first, second] = queueTwo("a lighthouse");
  engine.start();
  await engine.waitForStatus([first!, second!], ["done", "failed"]);

  expect(calls()).toBeGreaterThanOrEqual(3);
  expect(readRender(engine.sqlite, first!)).toMatchObject({ status: "done", attempts: 2, error: null, lease_owner: null });
  expect(readRender(engine.sqlite, second!)).toMatchObject({ status: "done", attempts: 1 });
  expect(engine.settled.filter((s) => s.renderId === first).map((s) => s.outcome)).toEqual(["retrying", "done"]);
  expect(engine.failedHookCalls).toEqual([]);
  expect(engine.pool.inFlight()).toBe(0);
  expect(logs.lines).toContain(
    `recording the outcome of render ${first} failed: SQLITE_FULL: database or disk is full`,
  );
}, 30_000);

test("queue.complete throws on the last attempt: the render fails for good, its credits come back once, and the slot goes on", async () => {
  engine = createTestEngine({ env: { ...ONE_SLOT, GENERATION_MAX_ATTEMPTS: "1" } });
  // The real settlement hook (the test engine only records), so the refund is what a user would get.
  const { pool, queue } = createGenerationEngine(sqliteData(engine.sqlite), engine.config, { onFailed: refundStep });
  const userId = Number(engine.sqlite.query("INSERT INTO users (google_sub, email) VALUES ('sub-fault', 'fault@example.com')").run().lastInsertRowid);
  engine.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, -6, 'matrix_run')").run(userId);
  throwOnce(queue, "complete", new Error("SQLITE_BUSY: database is locked"));
  const [first, second] = queueTwo("a tin robot", userId);
  pool.start();
  try {
    await engine.waitForStatus([first!, second!], ["done", "failed"]);
  } finally {
    await pool.stop(2_000);
  }

  expect(readRender(engine.sqlite, first!)).toMatchObject({
    status: "failed",
    error: "Gave up after 1 attempts: The result could not be saved.",
    lease_owner: null,
  });
  expect(readRender(engine.sqlite, second!).status).toBe("done");
  const refunds = engine.sqlite.query("SELECT render_id, delta FROM credit_ledger WHERE reason = 'render_refund'").all();
  expect(refunds).toEqual([{ render_id: first!, delta: 3 }]);
  const run = engine.sqlite.query("SELECT status, done_cells, failed_cells FROM matrix_runs WHERE id = (SELECT matrix_run_id FROM renders WHERE id = ?)").get(first!);
  expect(run).toEqual({ status: "done", done_cells: 1, failed_cells: 1 });
}, 30_000);

test("renewing the lease throws every time: the job still finishes and the slot goes on", async () => {
  // A 600 ms lease is renewed every 250 ms, so a render of a second or so tries to renew several times.
  engine = createTestEngine({ env: { ...ONE_SLOT, GENERATION_LEASE_MS: "600" } });
  let renewals = 0;
  engine.queue.renewLease = () => {
    renewals++;
    throw new Error("SQLITE_IOERR: disk I/O error");
  };
  const ids = queueTwo("a quiet street");
  engine.start();
  await engine.waitForStatus(ids, ["done"]);
  await waitFor("the slot to be free", () => engine.pool.inFlight() === 0);

  expect(renewals).toBeGreaterThan(0);
  expect(logs.lines.some((line) => line.startsWith("renewing the lease of render"))).toBe(true);
}, 30_000);
