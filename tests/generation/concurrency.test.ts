// The global cap: never more than PROVIDER_CONCURRENCY provider calls at once, in one process or across two sharing a database.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { poolModels, providerSettings } from "../../src/generation/engine";
import { createWorkerPool } from "../../src/generation/pool";
import type { FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import {
  createTestEngine,
  enqueueMany,
  fakeProviderEnv,
  makeDataDir,
  maxOverlap,
  openDataDirDatabase,
  readRender,
  startFakeProviders,
  statusCounts,
  waitFor,
  type FakeProviders,
} from "../helpers/generation";
import { spawnServer, type SpawnedServer } from "../helpers/processes";
import { sqliteData } from "../../src/db/data";

const JOBS = 12;
const PROVIDER_DELAY_MS = 250;

let fakes: FakeProviders;
let openai: FakeOpenAI;
let replicate: FakeReplicate;

beforeAll(() => {
  fakes = startFakeProviders({
    openai: () => ({ type: "image", delayMs: PROVIDER_DELAY_MS }),
    replicate: { create: () => ({ type: "prediction", polls: 3 }) },
  });
  ({ openai, replicate } = fakes);
});
afterAll(() => fakes.stop());

test("one process with more Workers than the cap: at most 2 calls in flight, all 12 done, each called once", async () => {
  openai.reset();
  const engine = createTestEngine({ env: fakeProviderEnv({ openai }) });
  // A second pool over the same queue adds 3 more Workers: only the claim's cap can hold them to 2.
  const extra = createWorkerPool({
    data: sqliteData(engine.sqlite),
    queue: engine.queue,
    models: poolModels(engine.config, engine.engine.health),
    settings: providerSettings(engine.config),
    store: engine.config.storage,
    fileLabel: { baseUrl: engine.config.baseUrl, license: engine.config.licenseSpdx },
    slots: 3,
    idlePollMs: 20,
  });
  try {
    const { renderIds } = enqueueMany(engine.sqlite, "openai:gpt-image-2", JOBS);
    engine.start();
    extra.start();
    await engine.waitForStatus(renderIds, ["done", "failed"], 30_000);

    expect(statusCounts(engine.sqlite)).toEqual({ done: JOBS });
    expect(openai.calls).toHaveLength(JOBS);
    expect(new Set(openai.calls.map((call) => call.prompt)).size).toBe(JOBS);
    expect(openai.maxInFlight).toBe(2);
  } finally {
    await extra.stop(1_000);
    await engine.stop();
  }
}, 40_000);

test("two server processes on one database file: at most 2 provider calls in flight between them, all 12 done", async () => {
  openai.reset();
  // Each process gets a different provider, so each has work of its own the whole time and only a cap
  // shared through the database keeps them to 2 together (one per process would let 2 + 2 run at once).
  const dataDir = makeDataDir();
  // Migrated before either server boots, so the test is about the queue rather than two migrators racing.
  const sqlite = openDataDirDatabase(dataDir);
  const servers: SpawnedServer[] = [];
  try {
    servers.push(spawnServer(dataDir, { ...fakeProviderEnv({ openai }), LOCAL_PROVIDER: "0", GENERATION_IDLE_POLL_MS: "50" }));
    servers.push(spawnServer(dataDir, { ...fakeProviderEnv({ replicate }), LOCAL_PROVIDER: "0", GENERATION_IDLE_POLL_MS: "50", PROVIDER_POLL_MS: "60" }));
    await Promise.all(servers.map((server) => server.ready()));
    const renderIds = [
      ...enqueueMany(sqlite, "openai:gpt-image-2", JOBS / 2).renderIds,
      ...enqueueMany(sqlite, "replicate:black-forest-labs/flux-dev", JOBS / 2).renderIds,
    ];
    await waitFor(
      "all 12 renders to settle",
      () => renderIds.every((id) => ["done", "failed"].includes(readRender(sqlite, id).status)),
      { timeoutMs: 30_000, intervalMs: 50 },
    );

    expect(statusCounts(sqlite)).toEqual({ done: JOBS });
    expect(openai.calls).toHaveLength(JOBS / 2);
    expect(replicate.predictionsCreated).toBe(JOBS / 2);
    // A Replicate job occupies the provider from creating its prediction until its output is downloaded.
    const replicateJobs = replicate.calls
      .filter((call) => call.kind === "download")
      .map((download) => [replicate.calls.find((c) => c.kind === "create" && c.predictionId === download.predictionId)!.receivedAt, download.endedAt!] as const);
    const openaiJobs = openai.calls.map((call) => [call.receivedAt, call.endedAt!] as const);
    expect(replicateJobs).toHaveLength(JOBS / 2);
    // Both servers were polling before the jobs were queued, so a per-process cap would have shown 4 here.
    expect(maxOverlap([...openaiJobs, ...replicateJobs])).toBe(2);

    for (const server of servers) server.proc.kill("SIGTERM");
    for (const server of servers) expect(await server.exited(10_000)).toBe(0);
  } finally {
    await Promise.all(servers.map((server) => server.kill()));
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
