// Graceful shutdown: SIGTERM lets the in-flight render finish and exits 0; a render still stuck at the deadline is handed back unspent.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { createGenerationEngine } from "../../src/generation/engine";
import type { FakeOpenAI } from "../fakes/openai-server";
import {
  createTestEngine,
  enqueue,
  enqueueMany,
  fakeProviderEnv,
  makeDataDir,
  openDataDirDatabase,
  readRender,
  readRenders,
  startFakeProviders,
  waitFor,
  type FakeProviders,
} from "../helpers/generation";
import { spawnServer, type SpawnedServer } from "../helpers/processes";
import { sqliteData } from "../../src/db/data";

let fakes: FakeProviders;
let openai: FakeOpenAI;

beforeAll(() => {
  fakes = startFakeProviders();
  ({ openai } = fakes);
});
afterAll(() => fakes.stop());

test("SIGTERM to a server mid-job: the job finishes, nothing new is claimed, exit 0; a restart renders the rest", async () => {
  openai.reset();
  openai.setBehaviour(() => ({ type: "image", delayMs: 1_500 }));
  const dataDir = makeDataDir();
  const sqlite = openDataDirDatabase(dataDir);
  const env = { ...fakeProviderEnv({ openai }), LOCAL_PROVIDER: "0", PROVIDER_CONCURRENCY: "1" };
  const servers: SpawnedServer[] = [];
  try {
    const { renderIds } = enqueueMany(sqlite, "openai:gpt-image-2", 3);
    const first = spawnServer(dataDir, env);
    servers.push(first);
    await first.ready();
    await waitFor("a provider call in flight", () => openai.inFlight === 1);
    const health = (await (await fetch(`${first.baseUrl}/health`)).json()) as { queue: unknown };
    expect(health.queue).toEqual({ pending: 2, running: 1, failed_last_hour: 0 });

    first.proc.kill("SIGTERM");
    expect(await first.exited(15_000)).toBe(0);
    expect(first.output()).toContain("SIGTERM: finishing in-flight renders");

    // The in-flight render finished; the others were never claimed, so no attempt was spent on them.
    expect(openai.calls).toHaveLength(1);
    const renders = readRenders(sqlite);
    expect(renders.map((render) => [render.status, render.attempts])).toEqual([
      ["done", 1],
      ["pending", 0],
      ["pending", 0],
    ]);
    expect(renders.every((render) => render.lease_owner === null)).toBe(true);

    openai.setBehaviour(() => ({ type: "image" }));
    const second = spawnServer(dataDir, env);
    servers.push(second);
    await second.ready();
    await waitFor("the restarted server to render the rest", () => renderIds.every((id) => readRender(sqlite, id).status === "done"), { timeoutMs: 15_000 });
    expect(openai.calls).toHaveLength(3);
    expect(readRenders(sqlite).map((render) => render.attempts)).toEqual([1, 1, 1]);
    second.proc.kill("SIGTERM");
    expect(await second.exited(10_000)).toBe(0);
  } finally {
    await Promise.all(servers.map((server) => server.kill()));
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

test("SIGTERM while a visitor follows live progress of a queued render: exits 0 promptly", async () => {
  const dataDir = makeDataDir();
  const sqlite = openDataDirDatabase(dataDir);
  // gpt-image-2 with no OpenAI key here: the render stays queued for another process, so its event stream stays open.
  const [id] = enqueue(sqlite, { basePrompts: ["a patient visitor"], stylePhrases: ["film noir"], modelKeys: ["openai:gpt-image-2"] }).renderIds as [string];
  const server = spawnServer(dataDir, { LOCAL_PROVIDER: "0" });
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    await server.ready();
    const events = await fetch(`${server.baseUrl}/render/${id}/events`);
    expect(events.headers.get("content-type")).toStartWith("text/event-stream");
    reader = events.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toStartWith("event: status");

    server.proc.kill("SIGTERM");
    // Nothing is in flight, so nothing justifies waiting: an orchestrator would SIGKILL a server that lingers.
    expect(await server.exited(5_000)).toBe(0);
    expect(readRender(sqlite, id)).toMatchObject({ status: "pending", attempts: 0 });
  } finally {
    await reader?.cancel().catch(() => {});
    await server.kill();
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 20_000);

test("a job still running when the grace period ends is released to pending, its attempt not spent, and completes later", async () => {
  openai.reset();
  openai.setBehaviour(() => ({ type: "hang" }));
  const engine = createTestEngine({ env: { ...fakeProviderEnv({ openai }), PROVIDER_CONCURRENCY: "1" } });
  const restarted = createGenerationEngine(sqliteData(engine.sqlite), engine.config);
  try {
    const [id] = enqueue(engine.sqlite, { basePrompts: ["a long exposure"], stylePhrases: ["film noir"], modelKeys: ["openai:gpt-image-2"] }).renderIds as [string];
    engine.start();
    await waitFor("the provider call to hang", () => openai.inFlight === 1);
    expect(engine.render(id)).toMatchObject({ status: "running", attempts: 1 });

    const stopping = Date.now();
    await engine.pool.stop(300);
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(engine.render(id)).toMatchObject({ status: "pending", attempts: 0, lease_owner: null, lease_until: null, error: null });
    expect(engine.settled).toEqual([]);
    expect(engine.failedHookCalls).toEqual([]);

    openai.setBehaviour(() => ({ type: "image" }));
    restarted.pool.start();
    await engine.waitForStatus([id], ["done", "failed"]);
    expect(engine.render(id)).toMatchObject({ status: "done", attempts: 1 });
  } finally {
    await restarted.pool.stop(1_000);
    await engine.stop();
  }
}, 30_000);
