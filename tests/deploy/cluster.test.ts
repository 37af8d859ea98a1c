// A cluster on one machine: two web processes and two worker processes on one PostgreSQL and one S3 store, a
// 40-cell matrix through the fake OpenAI. Never more than two provider calls in flight across all four processes;
// a worker killed with SIGKILL mid-job loses nothing and doubles nothing (its leased cells are claimed again);
// every image is readable through either web process; the run's live stream is complete on both.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postgresData, type PostgresData } from "../../src/db/data";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { FAST_GENERATION_ENV, fakeProviderEnv, QUICK_IMAGE_SIZE, TEST_MODELS, waitFor } from "../helpers/generation";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";
import { freePort, spawnProcess, spawnServer, type SpawnedProcess, type SpawnedServer } from "../helpers/processes";
import { startS3Server, type TestS3Server } from "../helpers/s3-server";
import { signIn } from "../helpers/sign-in";

const PROMPTS = ["a lighthouse", "a fox", "a teapot", "a bicycle", "a harbour", "a violin", "a cactus", "a robot", "a bridge", "an owl"];
const STYLES = ["oil painting", "pixel art", "watercolour", "ukiyo-e woodblock print"];
const CELLS = PROMPTS.length * STYLES.length;

interface ServerEvent {
  event: string;
  data: { id?: string; status?: string; done?: number; total?: number };
}

/** Reads a server-sent event stream to its end. */
async function readEventStream(url: string, cookie: string): Promise<ServerEvent[]> {
  const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" } });
  expect(response.status).toBe(200);
  const events: ServerEvent[] = [];
  for (const block of (await response.text()).split("\n\n")) {
    const name = /^event: (.+)$/m.exec(block)?.[1];
    const data = /^data: (.+)$/m.exec(block)?.[1];
    if (name && data) events.push({ event: name, data: JSON.parse(data) });
  }
  return events;
}

describe.skipIf(skipWithoutPostgres())("a cluster of 2 web and 2 worker processes on PostgreSQL and S3", () => {
  let guard: NetworkGuard;
  let cluster: TestPostgres;
  let pg: Postgres;
  let data: PostgresData;
  let s3: TestS3Server;
  let openai: FakeOpenAI;
  const dataDirs: string[] = [];
  const webs: SpawnedServer[] = [];
  const workers: SpawnedProcess[] = [];

  beforeAll(async () => {
    guard = installNetworkGuard();
    cluster = await startPostgres();
    const databaseUrl = await cluster.createDatabase("gallery_cluster");
    pg = openPostgres(databaseUrl, { max: 2 });
    data = postgresData(pg);
    s3 = await startS3Server();
    // Slow enough that a worker is killed with calls of its own in flight.
    openai = startFakeOpenAI(() => ({ type: "image", delayMs: 250 }), { imageSize: QUICK_IMAGE_SIZE });
    const shared = { ...FAST_GENERATION_ENV, ...fakeProviderEnv({ openai }), ...s3.env("cluster"), DATABASE_URL: databaseUrl };
    // Each process gets a data directory of its own: nothing may travel between them through the disk.
    const ownDir = () => {
      const dir = mkdtempSync(join(tmpdir(), "gallery-cluster-"));
      dataDirs.push(dir);
      return dir;
    };
    for (let i = 0; i < 2; i++) webs.push(spawnServer(ownDir(), { ...shared, ROLE: "web" }));
    await Promise.all(webs.map((web) => web.ready(30_000)));
    for (let i = 0; i < 2; i++) {
      // The entry itself, not `bun run worker`: the pid killed below must be the one that holds the leases.
      workers.push(spawnProcess([process.execPath, "src/worker-main.ts"], { ...shared, ROLE: "worker", DATA_DIR: ownDir(), PORT: String(freePort()), WORKER_HEALTH_PORT: String(freePort()) }));
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all([...webs, ...workers].map((child) => child.kill()));
    await openai?.stop();
    await s3?.stop();
    await pg?.close();
    cluster?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    guard?.uninstall();
  });

  test("a 40-cell matrix survives kill -9 of a worker: capped at 2 calls, every cell once, visible everywhere", async () => {
    const first = webs[0]!;
    const overHttp = { request: (path: string, init?: RequestInit) => fetch(`${first.baseUrl}${path}`, init), config: { publicOrigin: first.baseUrl } };
    const { cookie, userId } = await signIn(overHttp, "cluster@example.com");
    const { creditLedger, renders, matrixRuns } = data.tables;
    await data.db.insert(creditLedger).values({ userId, delta: CELLS * 8, reason: "test_grant" });

    const queued = await fetch(`${first.baseUrl}/matrix`, {
      method: "POST",
      headers: { cookie, origin: first.baseUrl, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ base_prompts: PROMPTS, style_phrases: STYLES, model_keys: [TEST_MODELS.gptImage2] }),
    });
    expect(queued.status).toBe(200);
    const runId = ((await queued.json()) as { matrix_run_id: string }).matrix_run_id;
    const streams = webs.map((web) => readEventStream(`${web.baseUrl}/matrix/${runId}/events`, cookie));

    // Kill the first worker while a cell it leased is with the provider.
    const victim = workers[0]!;
    await waitFor(
      "the first worker to hold a running cell",
      async () => {
        const leased = await data.db.select({ owner: renders.leaseOwner }).from(renders).where(sql`${renders.status} = 'running' AND ${renders.leaseOwner} LIKE ${`${victim.proc.pid}-%`}`);
        if (victim.proc.exitCode !== null) throw new Error(`the first worker exited:\n${victim.output()}`);
        return leased.length > 0;
      },
      { timeoutMs: 30_000, intervalMs: 20 },
    );
    victim.proc.kill("SIGKILL");

    await waitFor(
      "every cell to be done",
      async () => {
        const [run] = await data.db.select({ done: matrixRuns.doneCells, failed: matrixRuns.failedCells }).from(matrixRuns).where(eq(matrixRuns.id, runId));
        return run!.done + run!.failed >= CELLS;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );

    expect(openai.maxInFlight).toBeLessThanOrEqual(2);
    const cells = await data.db.select({ id: renders.id, status: renders.status, imagePath: renders.imagePath }).from(renders).where(eq(renders.matrixRunId, runId));
    expect(cells).toHaveLength(CELLS);
    expect(cells.filter((cell) => cell.status === "done")).toHaveLength(CELLS);
    const [run] = await data.db.select({ done: matrixRuns.doneCells, failed: matrixRuns.failedCells, status: matrixRuns.status }).from(matrixRuns).where(eq(matrixRuns.id, runId));
    expect(run).toEqual({ done: CELLS, failed: 0, status: "done" });
    // Charged once per cell: the balance is what the grant minus 40 cells leaves, nothing refunded or taken twice.
    const [balance] = await data.db.select({ credits: sql<number>`CAST(coalesce(sum(${creditLedger.delta}), 0) AS integer)` }).from(creditLedger).where(eq(creditLedger.userId, userId));
    expect(balance!.credits).toBe(0);

    for (const cell of cells) {
      for (const web of webs) {
        const image = await fetch(`${web.baseUrl}${cell.imagePath}`, { headers: { cookie } });
        expect(image.status).toBe(200);
        expect(image.headers.get("content-type")).toBe("image/webp");
        await image.arrayBuffer();
      }
    }

    for (const events of await Promise.all(streams)) {
      const doneCells = new Set(events.filter((e) => e.event === "cell" && e.data.status === "done").map((e) => e.data.id));
      expect(doneCells.size).toBe(CELLS);
      const last = events.filter((e) => e.event === "progress").at(-1);
      expect(last?.data).toMatchObject({ done: CELLS, total: CELLS });
    }
  }, 180_000);
});
