// Generation test kit: an engine on a temp DATA_DIR with fast settings, spawned servers/CLIs, bounded waits.
import type { Database } from "bun:sqlite";
import type { Subprocess } from "bun";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { loadConfig, type Config } from "../../src/config";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { createGenerationEngine } from "../../src/generation/engine";
import { planMatrixRun, type MatrixRequest } from "../../src/generation/matrix";
import type { FailedRender } from "../../src/generation/queue";
import { expect } from "bun:test";
import { expectNoExternalRequests, guardedEnv } from "./network-guard";

export const REPO_ROOT = join(import.meta.dir, "../..");

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
  const run = planMatrixRun(sqlite, request);
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
}

/**
 * A real engine (queue + Worker pool) over a fresh migrated database. Records every settlement-hook
 * call and every settled outcome so tests can check them. Call `stop()` in afterAll/finally: it stops the
 * Workers, closes the database and removes the temp DATA_DIR.
 */
export function createTestEngine({ env = {} }: TestEngineOptions = {}) {
  const dataDir = makeDataDir();
  const config: Config = loadConfig({ ...FAST_GENERATION_ENV, DATA_DIR: dataDir, ...env });
  const { sqlite, db } = openDatabase(config.dbPath);
  migrateDatabase(db);
  const failedHookCalls: FailedRender[] = [];
  const settled: { renderId: string; outcome: string; at: number }[] = [];
  const engine = createGenerationEngine(sqlite, config, {
    onFailed: (_sqlite, render) => void failedHookCalls.push(render),
    onSettled: (renderId, outcome) => void settled.push({ renderId, outcome, at: Date.now() }),
  });
  const app = createApp({ config, sqlite, db, engine });
  let stopped = false;
  return {
    dataDir,
    config,
    sqlite,
    db,
    engine,
    queue: engine.queue,
    pool: engine.pool,
    failedHookCalls,
    settled,
    /** Starts the Workers (they load the SDKs and sharp, ~1 s, so files share one engine where they can). */
    start() {
      engine.pool.start();
    },
    render: (id: string) => readRender(sqlite, id),
    /** What a browser or API client gets from the real app over this database (no port). */
    request: (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init)),
    waitForStatus(ids: readonly string[], statuses: RenderRow["status"][], timeoutMs = 20_000) {
      return waitFor(
        `renders to be ${statuses.join("/")}`,
        () => ids.every((id) => statuses.includes(readRender(sqlite, id).status)),
        { timeoutMs },
      );
    },
    async stop(graceMs = 2_000) {
      if (stopped) return;
      stopped = true;
      await engine.pool.stop(graceMs);
      sqlite.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type TestEngine = ReturnType<typeof createTestEngine>;

/** A port nothing listens on right now (the OS picks it; a server started at once will get it). */
export function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port;
  probe.stop(true);
  return port!;
}

/** Only what a spawned process needs: no API keys or proxies leak in from the developer's shell. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value) base[name] = value;
  }
  return { ...base, ...FAST_GENERATION_ENV, ...guardedEnv(), ...env };
}

function collect(stream: ReadableStream<Uint8Array> | null | undefined, into: string[]): Promise<void> {
  if (!stream) return Promise.resolve();
  return (async () => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      into.push(decoder.decode(value, { stream: true }));
    }
  })().catch(() => {});
}

export interface SpawnedProcess {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything it printed so far (stdout and stderr interleaved by arrival). */
  output(): string;
  /** Exit code, or throws with the output when it does not exit within `timeoutMs`. */
  exited(timeoutMs?: number): Promise<number>;
  /** SIGKILL if still running, and wait for it (for finally blocks). */
  kill(): Promise<void>;
}

function spawnProcess(cmd: string[], env: Record<string, string>): SpawnedProcess {
  const chunks: string[] = [];
  const proc = Bun.spawn(cmd, { cwd: REPO_ROOT, env: childEnv(env), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const drained = Promise.all([collect(proc.stdout, chunks), collect(proc.stderr, chunks)]);
  const output = () => chunks.join("");
  return {
    proc,
    output,
    async exited(timeoutMs = 20_000) {
      let timer: Timer | undefined;
      const code = await Promise.race([proc.exited, new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)))]);
      clearTimeout(timer);
      if (code === "timeout") throw new Error(`${cmd.join(" ")} did not exit within ${timeoutMs} ms; output:\n${output()}`);
      await drained;
      return code;
    },
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await proc.exited;
    },
  };
}

export interface SpawnedServer extends SpawnedProcess {
  port: number;
  baseUrl: string;
  /** Waits until /health answers 200. */
  ready(timeoutMs?: number): Promise<void>;
}

/** `bun src/index.ts` on DATA_DIR with the fast settings; `env` adds provider settings and overrides. */
export function spawnServer(dataDir: string, env: Record<string, string> = {}): SpawnedServer {
  const port = freePort();
  const child = spawnProcess([process.execPath, "src/index.ts"], { DATA_DIR: dataDir, PORT: String(port), ...env });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ...child,
    port,
    baseUrl,
    async ready(timeoutMs = 15_000) {
      await waitFor(
        `the server on port ${port} to answer /health`,
        async () => {
          if (child.proc.exitCode !== null) throw new Error(`the server exited with ${child.proc.exitCode}:\n${child.output()}`);
          try {
            return (await fetch(`${baseUrl}/health`)).status === 200;
          } catch {
            return false;
          }
        },
        { timeoutMs, intervalMs: 50 },
      );
    },
  };
}

/** `bun run matrix …` on DATA_DIR with the fast settings. */
export function spawnMatrixCli(dataDir: string, args: string[], env: Record<string, string> = {}): SpawnedProcess {
  return spawnProcess([process.execPath, "run", "matrix", ...args], { DATA_DIR: dataDir, ...env });
}

/**
 * The common ending of a generation test file: stop the engine and the fakes, lift the network guard, and
 * check that nothing reached a route the fakes do not know or an address outside this machine.
 */
export async function tearDownFakeProviders(parts: {
  engine: TestEngine;
  openai: { stop(): Promise<void> | void; unexpected: unknown[] };
  replicate: { stop(): Promise<void> | void; unexpected: unknown[] };
  guard: { uninstall(): void };
}): Promise<void> {
  await parts.engine.stop();
  await parts.openai.stop();
  await parts.replicate.stop();
  parts.guard.uninstall();
  expect(parts.openai.unexpected).toEqual([]);
  expect(parts.replicate.unexpected).toEqual([]);
  expectNoExternalRequests();
}
