// The queue on its own: retry delays (jitter bounds, Retry-After, cap) and the claim's global cap with expiring leases.
import type { Database } from "bun:sqlite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { sqliteData } from "../../src/db/data";
import { createRenderQueue, queueStats, retryDelayMs, type FailedRender, type QueueSettings } from "../../src/generation/queue";
import { enqueue, readRender } from "../helpers/generation";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";

const SETTINGS: QueueSettings = { concurrency: 2, maxAttempts: 3, leaseMs: 1_000, backoffBaseMs: 100, backoffMaxMs: 5_000 };
const MODELS = ["local:sketch", "local:paint"];
const T0 = 1_800_000_000_000;

let guard: NetworkGuard;
beforeAll(() => {
  guard = installNetworkGuard();
});
afterAll(() => {
  guard.uninstall();
  expectNoExternalRequests();
});

describe("retryDelayMs", () => {
  test("full jitter keeps each attempt's delay between half and all of base × 2^(attempt-1)", () => {
    for (const [attempts, exponential] of [
      [1, 100],
      [2, 200],
      [3, 400],
      [5, 1_600],
    ] as const) {
      expect(retryDelayMs(attempts, SETTINGS, undefined, () => 0)).toBe(exponential / 2);
      expect(retryDelayMs(attempts, SETTINGS, undefined, () => 0.999_999)).toBeCloseTo(exponential, 0);
      for (let i = 0; i < 50; i++) {
        const delay = retryDelayMs(attempts, SETTINGS);
        expect(delay).toBeGreaterThanOrEqual(exponential / 2);
        expect(delay).toBeLessThanOrEqual(exponential);
      }
    }
  });

  test("the exponential part never exceeds GENERATION_BACKOFF_MAX_MS, however many attempts", () => {
    for (const attempts of [7, 10, 20, 60]) {
      expect(retryDelayMs(attempts, SETTINGS, undefined, () => 0.999_999)).toBeLessThanOrEqual(SETTINGS.backoffMaxMs);
      expect(retryDelayMs(attempts, SETTINGS, undefined, () => 0)).toBe(SETTINGS.backoffMaxMs / 2);
    }
  });

  test("a Retry-After longer than the jittered delay is honoured exactly", () => {
    expect(retryDelayMs(1, SETTINGS, 3_000, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(1, SETTINGS, 0, () => 0)).toBe(50);
    // A short Retry-After does not make the retry sooner than the backoff.
    expect(retryDelayMs(5, SETTINGS, 10, () => 0)).toBe(800);
  });

  test("a Retry-After beyond the backoff cap is still honoured (never sooner than the provider asked)", () => {
    // queue.ts documents "never sooner than the provider's Retry-After" and .env.example says the cap
    // applies to the jittered exponential delay with "Retry-After honoured on top".
    expect(retryDelayMs(1, SETTINGS, 60_000, () => 0.5)).toBe(60_000);
  });
});

describe("claimNext", () => {
  let sqlite: Database;
  let hookCalls: FailedRender[];

  beforeEach(() => {
    const opened = openDatabase(":memory:");
    sqlite = opened.sqlite;
    migrateDatabase(opened.db);
    hookCalls = [];
  });
  afterEach(() => sqlite.close());

  const queueWith = (settings: Partial<QueueSettings> = {}) =>
    createRenderQueue(sqliteData(sqlite), { ...SETTINGS, ...settings }, function* (_tx, _tables, render) {
      hookCalls.push(render);
    });
  const three = () =>
    enqueue(sqlite, { basePrompts: ["a fox", "a lighthouse", "a robot"], stylePhrases: ["oil painting"], modelKeys: ["local:sketch"] });

  test("holds at most `concurrency` live leases, whoever claims", async () => {
    const queue = queueWith();
    const run = three();
    const a = await queue.claimNext("owner-a", MODELS, T0);
    const b = await queue.claimNext("owner-b", MODELS, T0);
    expect([a?.id, b?.id]).toEqual(run.renderIds.slice(0, 2));
    expect(await queue.claimNext("owner-c", MODELS, T0 + 999)).toBeNull();
    expect(readRender(sqlite, run.renderIds[2]!).status).toBe("pending");
    expect(await queueStats(sqliteData(sqlite), T0)).toEqual({ pending: 1, running: 2, failed_last_hour: 0 });
    // A finished job frees its slot at once.
    expect(await queue.fail(a!.id, "owner-a", { kind: "permanent", message: "no" }, T0 + 10)).toBe("failed");
    expect((await queue.claimNext("owner-c", MODELS, T0 + 20))?.id).toBe(run.renderIds[2]);
  });

  test("an expired lease stops counting against the cap and its render is claimed again, by a new owner", async () => {
    const queue = queueWith();
    const run = three();
    const a = (await queue.claimNext("owner-a", MODELS, T0))!;
    await queue.claimNext("owner-b", MODELS, T0 + 500);
    // At T0+1001 a's lease (until T0+1000) has expired, b's (until T0+1500) has not.
    const again = await queue.claimNext("owner-c", MODELS, T0 + 1_001);
    expect(again?.id).toBe(a.id);
    expect(again?.attempts).toBe(2);
    expect(await queue.claimNext("owner-d", MODELS, T0 + 1_001)).toBeNull();
    // The crashed owner can no longer renew, complete or fail what it lost.
    expect(await queue.renewLease(a.id, "owner-a", T0 + 1_002)).toBe(false);
    expect(await queue.fail(a.id, "owner-a", { kind: "transient", message: "late" }, T0 + 1_002)).toBe("lost");
    expect(readRender(sqlite, a.id)).toMatchObject({ status: "running", lease_owner: "owner-c", attempts: 2 });
    // The third render is still waiting for a slot.
    expect(readRender(sqlite, run.renderIds[2]!).status).toBe("pending");
  });

  test("renewing keeps the lease alive past its first expiry", async () => {
    const queue = queueWith();
    three();
    const a = (await queue.claimNext("owner-a", MODELS, T0))!;
    await queue.claimNext("owner-b", MODELS, T0);
    expect(await queue.renewLease(a.id, "owner-a", T0 + 900)).toBe(true);
    // b expired at T0+1000 and is taken over; a's renewed lease (until T0+1900) still counts.
    expect((await queue.claimNext("owner-c", MODELS, T0 + 1_500))?.attempts).toBe(2);
    expect(await queue.claimNext("owner-d", MODELS, T0 + 1_500)).toBeNull();
  });

  test("only due renders of the given models are claimed", async () => {
    const queue = queueWith({ concurrency: 3, leaseMs: 10_000 });
    const run = three();
    expect(await queue.claimNext("owner-a", ["openai:gpt-image-2"], T0)).toBeNull();
    const a = (await queue.claimNext("owner-a", MODELS, T0))!;
    expect(await queue.fail(a.id, "owner-a", { kind: "transient", message: "busy", retryAfterMs: 4_000 }, T0)).toBe("retrying");
    expect(readRender(sqlite, a.id)).toMatchObject({ status: "pending", next_attempt_at: T0 + 4_000, error: "busy", attempts: 1 });
    // Not due yet: the other renders go first, then nothing until a's time has come.
    expect((await queue.claimNext("owner-b", MODELS, T0 + 10))?.id).toBe(run.renderIds[1]);
    expect((await queue.claimNext("owner-c", MODELS, T0 + 3_999))?.id).toBe(run.renderIds[2]);
    expect(await queue.claimNext("owner-d", MODELS, T0 + 3_999)).toBeNull();
    expect(await queue.claimNext("owner-d", MODELS, T0 + 4_000)).toMatchObject({ id: a.id, attempts: 2 });
  });

  test("a render whose last attempt's worker vanished fails for good, with the settlement hook called once", async () => {
    const queue = queueWith({ maxAttempts: 2 });
    const run = enqueue(sqlite, { basePrompts: ["a fox"], stylePhrases: ["oil painting"], modelKeys: ["local:sketch"], costOf: () => 1 });
    const first = (await queue.claimNext("owner-a", MODELS, T0))!;
    expect((await queue.claimNext("owner-b", MODELS, T0 + 1_001))?.id).toBe(first.id);
    // Both attempts used: the expired lease no longer makes it claimable.
    expect(await queue.claimNext("owner-c", MODELS, T0 + 2_002)).toBeNull();
    expect(await queue.failAbandoned(T0 + 2_002)).toBe(1);
    expect(await queue.failAbandoned(T0 + 2_003)).toBe(0);
    const render = readRender(sqlite, first.id);
    expect(render.status).toBe("failed");
    expect(render.error).toBe("Gave up after 2 attempts: the worker stopped responding.");
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]).toMatchObject({ id: first.id, userId: null, costCredits: 1, matrixRunId: run.runId, error: render.error! });
    expect(sqlite.query("SELECT failed_cells, status FROM matrix_runs WHERE id = ?").get(run.runId)).toEqual({ failed_cells: 1, status: "done" });
  });

  test("release hands a claim back without spending an attempt", async () => {
    const queue = queueWith();
    three();
    const a = (await queue.claimNext("owner-a", MODELS, T0))!;
    expect(await queue.release(a.id, "owner-a")).toBe(true);
    expect(readRender(sqlite, a.id)).toMatchObject({ status: "pending", attempts: 0, lease_owner: null });
    expect((await queue.claimNext("owner-b", MODELS, T0 + 1))?.id).toBe(a.id);
  });
});
