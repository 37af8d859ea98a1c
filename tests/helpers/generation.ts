// The generation harness: fast queue settings, a real engine on a temp DATA_DIR, the network guard and the fake
// providers, plus the database reads and bounded waits generation tests share.
import type { Database } from "bun:sqlite";
import { expect } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { createGenerationEngine, type GenerationEngine } from "../../src/generation/engine";
import { sqliteData } from "../../src/db/data";
import { planMatrixRunStep, type MatrixRequest } from "../../src/generation/matrix";
import type { FailedRender, SettlementHook } from "../../src/generation/queue";
import { startFakeOpenAI, type OpenAIBehaviour } from "../fakes/openai-server";
import { startFakeReplicate, type ReplicateBehaviour } from "../fakes/replicate-server";
import { expectNoExternalRequests, installNetworkGuard } from "./network-guard";
import { createTestApp } from "./test-app";
import defaultModels from "../../src/generation/models/default-models.json";
import { runSteps } from "./steps";

/** Fast queue settings: short lease, tiny backoff, idle poll 20 ms. Any key can be overridden per test. */
export const FAST_GENERATION_ENV: Record<string, string> = {
  NODE_ENV: "test",
  SEED_ON_START: "0",
  PROVIDER_CONCURRENCY: "2",
  GENERATION_MAX_ATTEMPTS: "4",
  GENERATION_LEASE_MS: "2000",
  PROVIDER_TIMEOUT_MS: "10000",
  GENERATION_IDLE_POLL_MS: "20",
  GENERATION_BACKOFF_BASE_MS: "20",
  GENERATION_BACKOFF_MAX_MS: "2000",
  PROVIDER_POLL_MS: "20",
};

/**
 * Image edge for fakes in tests that never look at the pixels: post-processing a 1024² image costs
 * ~0.4 s of CPU, which on 2 cores would dominate tests about queueing.
 */
export const QUICK_IMAGE_SIZE = 256;

/** The default catalogue's models the tests drive (keys as requests name them). */
export const TEST_MODELS = {
  gptImage2: "openai:gpt-image-2",
  fluxSchnell: "replicate:black-forest-labs/flux-schnell",
  fluxPro: "replicate:black-forest-labs/flux-1.1-pro",
  /** Replicate's image-to-image model in the default catalogue. */
  fluxDev: "replicate:black-forest-labs/flux-dev",
} as const;

/** The version (Replicate hash, OpenAI snapshot) the default catalogue pins for `key`: defined there only. */
export function pinnedVersion(key: string): string {
  const entry = defaultModels.models.find((model) => model.key === key) as { version?: string } | undefined;
  if (!entry?.version) throw new Error(`the default catalogue pins no version for ${key}`);
  return entry.version;
}

/** Provider settings that send every provider call to the given fakes (and nowhere else). */
export function fakeProviderEnv(fakes: { openai?: { url: string }; replicate?: { url: string } }): Record<string, string> {
  const env: Record<string, string> = {};
  if (fakes.openai) Object.assign(env, { OPENAI_API_KEY: "sk-test-fake", OPENAI_BASE_URL: fakes.openai.url });
  if (fakes.replicate) Object.assign(env, { REPLICATE_API_TOKEN: "r8_test_fake", REPLICATE_BASE_URL: fakes.replicate.url });
  return env;
}

export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), "gallery-gen-"));
}

/** Opens (and migrates) the database a server in `dataDir` uses, for a test to read and enqueue. */
export function openDataDirDatabase(dataDir: string): Database {
  const { sqlite, db } = openDatabase(join(dataDir, "gallery.db"));
  migrateDatabase(db);
  return sqlite;
}

export interface RenderRow {
  id: string;
  status: "pending" | "running" | "done" | "failed";
  model_key: string;
  base_prompt: string;
  style_phrase: string;
  effective_prompt: string;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  lease_owner: string | null;
  provider_job_id: string | null;
  error: string | null;
  nsfw: number;
  visibility: string;
  image_path: string | null;
  thumb_path: string | null;
  width: number | null;
  height: number | null;
  thumbhash: string | null;
  render_metadata: string | null;
  matrix_run_id: string | null;
  completed_at: number | null;
}

export function readRender(sqlite: Database, id: string): RenderRow {
  const row = sqlite.query("SELECT * FROM renders WHERE id = ?").get(id) as RenderRow | null;
  if (!row) throw new Error(`render ${id} not found`);
  return row;
}

export function readRenders(sqlite: Database, where = "1 = 1"): RenderRow[] {
  return sqlite.query(`SELECT * FROM renders WHERE ${where} ORDER BY seq`).all() as RenderRow[];
}

export function statusCounts(sqlite: Database): Record<string, number> {
  const rows = sqlite.query("SELECT status, count(*) AS n FROM renders GROUP BY status").all() as { status: string; n: number }[];
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** Queues one cell per (prompt, style, model), as an operator run. */
export function enqueue(sqlite: Database, request: Pick<MatrixRequest, "basePrompts" | "stylePhrases" | "modelKeys"> & Partial<MatrixRequest>) {
  const run = runSteps(sqlite, (tx, tables) => planMatrixRunStep(tx, tables, request));
  if (!run) throw new Error("nothing was queued");
  return run;
}

/** `count` distinct renders of one model (prompts differ so nothing is deduplicated). */
export function enqueueMany(sqlite: Database, modelKey: string, count: number) {
  return enqueue(sqlite, {
    basePrompts: Array.from({ length: count }, (_, i) => `test subject number ${i + 1}`),
    stylePhrases: ["oil painting"],
    modelKeys: [modelKey],
  });
}

/**
 * Polls `probe` until it returns a truthy value, or fails with `what` (and the last value seen) after
 * `timeoutMs`; every wait in these tests is bounded by this.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  { timeoutMs = 15_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await Bun.sleep(intervalMs);
  }
}

/** The most intervals ([start, end] in ms) open at one moment; an interval ending as another starts does not overlap it. */
export function maxOverlap(intervals: readonly (readonly [number, number])[]): number {
  const events = intervals.flatMap(([start, end]) => [
    [start, 1],
    [end, -1],
  ]);
  events.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let open = 0;
  let most = 0;
  for (const [, delta] of events) {
    open += delta!;
    most = Math.max(most, open);
  }
  return most;
}

export interface TestEngineOptions {
  env?: Record<string, string>;
  /** A step also run on every render that fails for good, in the queue's transaction (e.g. the real refundStep). */
  onFailed?: SettlementHook;
}

/**
 * A real engine (queue + Worker pool) over a fresh migrated database. Records every settlement-hook
 * call and every settled outcome so tests can check them. Call `stop()` in afterAll/finally: it stops the
 * Workers, closes the database and removes the temp DATA_DIR.
 */
export function createTestEngine({ env = {}, onFailed }: TestEngineOptions = {}) {
  const failedHookCalls: FailedRender[] = [];
  const settled: { renderId: string; outcome: string; at: number }[] = [];
  let engine!: GenerationEngine;
  const t = createTestApp({ ...FAST_GENERATION_ENV, ...env }, (sqlite, config) => {
    engine = createGenerationEngine(sqliteData(sqlite), config, {
      *onFailed(tx, tables, render) {
        failedHookCalls.push(render);
        if (onFailed) yield* onFailed(tx, tables, render);
      },
      onSettled: (renderId, outcome) => void settled.push({ renderId, outcome, at: Date.now() }),
    });
    return engine;
  });
  let stopped = false;
  return {
    ...t,
    engine,
    queue: engine.queue,
    pool: engine.pool,
    failedHookCalls,
    settled,
    /** Starts the Workers (they load the SDKs and sharp, ~1 s, so files share one engine where they can). */
    start() {
      engine.pool.start();
    },
    render: (id: string) => readRender(t.sqlite, id),
    waitForStatus(ids: readonly string[], statuses: RenderRow["status"][], timeoutMs = 20_000) {
      return waitFor(
        `renders to be ${statuses.join("/")}`,
        () => ids.every((id) => statuses.includes(readRender(t.sqlite, id).status)),
        { timeoutMs },
      );
    },
    async stop(graceMs = 2_000) {
      if (stopped) return;
      stopped = true;
      await engine.pool.stop(graceMs);
      t.cleanup();
    },
  };
}

export type TestEngine = ReturnType<typeof createTestEngine>;

export interface FakeProvidersOptions {
  openai?: OpenAIBehaviour;
  replicate?: ReplicateBehaviour;
  /** Edge of the fakes' images: QUICK_IMAGE_SIZE unless the test looks at the pixels (then 1024). */
  imageSize?: number;
}

/**
 * The network guard and both fake providers. `stop()` ends a test file: it stops the fakes, lifts the guard
 * and checks that nothing reached a route the fakes do not know or an address outside this machine.
 */
export function startFakeProviders({ openai: openaiBehaviour, replicate: replicateBehaviour, imageSize = QUICK_IMAGE_SIZE }: FakeProvidersOptions = {}) {
  const guard = installNetworkGuard();
  const openai = startFakeOpenAI(openaiBehaviour, { imageSize });
  const replicate = startFakeReplicate(replicateBehaviour, { imageSize });
  return {
    guard,
    openai,
    replicate,
    /** Provider settings that send every call to these fakes. */
    env: fakeProviderEnv({ openai, replicate }),
    async stop() {
      await openai.stop();
      await replicate.stop();
      guard.uninstall();
      expect(openai.unexpected).toEqual([]);
      expect(replicate.unexpected).toEqual([]);
      expectNoExternalRequests();
    },
  };
}

export type FakeProviders = ReturnType<typeof startFakeProviders>;

/** The generation harness: the guard, both fakes and a started engine whose providers are the fakes. */
export function startGenerationHarness({ env = {}, ...fakes }: FakeProvidersOptions & { env?: Record<string, string> } = {}) {
  const providers = startFakeProviders(fakes);
  const engine = createTestEngine({ env: { ...providers.env, ...env } });
  engine.start();
  return {
    ...providers,
    engine,
    async stop(graceMs?: number) {
      await engine.stop(graceMs);
      await providers.stop();
    },
  };
}

export type GenerationHarness = ReturnType<typeof startGenerationHarness>;
