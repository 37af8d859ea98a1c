// ROLE=web and ROLE=worker on one DATA_DIR: the web process queues a matrix run but renders nothing; the worker
// renders it, and answers /health on its own port and nothing else; the images are served by the web process.
// Webhooks go out from the worker (it settles the renders and sweeps the deliveries), never from the web process.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { Database } from "bun:sqlite";
import type { Server } from "bun";
import { createHmac } from "node:crypto";
import { rmSync } from "node:fs";
import { makeDataDir, openDataDirDatabase, readRenders, waitFor } from "../helpers/generation";
import { freePort, spawnProcess, spawnServer, type SpawnedProcess, type SpawnedServer } from "../helpers/processes";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { signIn } from "../helpers/sign-in";

let guard: NetworkGuard;
let dataDir: string;
let sqlite: Database;
let web: SpawnedServer;
let worker: SpawnedProcess | undefined;
let receiver: Server<undefined>;
const received: { body: string; signature: string | null }[] = [];

beforeAll(async () => {
  guard = installNetworkGuard();
  dataDir = makeDataDir();
  receiver = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      received.push({ body: await request.text(), signature: request.headers.get("x-gallery-signature") });
      return new Response("ok");
    },
  });
  web = spawnServer(dataDir, { ROLE: "web" });
  await web.ready();
  sqlite = openDataDirDatabase(dataDir);
});

afterAll(async () => {
  await worker?.kill();
  await web?.kill();
  receiver?.stop(true);
  sqlite?.close();
  guard.uninstall();
  rmSync(dataDir, { recursive: true, force: true });
});

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

test("a matrix queued through ROLE=web waits for a worker, which `bun run worker` renders; only /health on its port", async () => {
  const baseUrl = web.baseUrl;
  const overHttp = { request: (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, init), config: { publicOrigin: baseUrl } };
  const { cookie, userId } = await signIn(overHttp, "roles@example.com");
  sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(userId);
  const queued = await fetch(`${baseUrl}/matrix`, {
    method: "POST",
    headers: { cookie, origin: baseUrl, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ base_prompts: ["a lighthouse", "a fox"], style_phrases: ["oil painting"], model_keys: ["local:paint", "local:pixel"], webhook_url: `http://127.0.0.1:${receiver.port}/hooks` }),
  });
  expect(queued.status).toBe(200);
  const runId = ((await queued.json()) as { matrix_run_id: string }).matrix_run_id;

  // A delivery already due: a webhook sweeper in the web process (one sweep every 2 s) would send it.
  sqlite
    .query(`INSERT INTO webhook_deliveries (id, user_id, subject_kind, subject_id, event_key, type, url, body, next_attempt_at)
            VALUES ('evt_due', ?, 'render', 'r_earlier', 'render.completed:r_earlier', 'render.completed', ?, '{"id":"evt_due","type":"render.completed"}', 0)`)
    .run(userId, `http://127.0.0.1:${receiver.port}/hooks`);
  // The web process polls nothing: with a 20 ms idle poll, a pool there would have claimed a cell by now.
  await Bun.sleep(2_500);
  expect(received).toEqual([]);
  const waiting = readRenders(sqlite, `matrix_run_id = '${runId}'`);
  expect(waiting).toHaveLength(4);
  expect(waiting.map((render) => [render.status, render.attempts])).toEqual(Array(4).fill(["pending", 0]));

  const healthPort = freePort();
  const unusedWebPort = freePort();
  worker = spawnProcess([process.execPath, "run", "worker"], { DATA_DIR: dataDir, PORT: String(unusedWebPort), WORKER_HEALTH_PORT: String(healthPort) });
  const health = await waitFor("the worker's /health", async () => {
    if (worker!.proc.exitCode !== null) throw new Error(`the worker exited:\n${worker!.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${healthPort}/health`);
      return response.status === 200 ? ((await response.json()) as { role: string; pid: number }) : undefined;
    } catch {
      return undefined;
    }
  });
  expect(health.role).toBe("worker");
  expect((await fetch(`http://127.0.0.1:${healthPort}/`)).status).toBe(404);
  expect((await fetch(`http://127.0.0.1:${healthPort}/gallery`)).status).toBe(404);
  expect(await refused(`http://127.0.0.1:${unusedWebPort}/health`)).toBe(true);

  await waitFor("the worker to render every cell", () => readRenders(sqlite, `matrix_run_id = '${runId}'`).every((render) => render.status === "done"), { timeoutMs: 30_000 });
  for (const render of readRenders(sqlite, `matrix_run_id = '${runId}'`)) {
    const image = await fetch(`${baseUrl}${render.image_path}`, { headers: { cookie } });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");
  }
  // The worker queued the run's completion when it settled the last cell, and its sweeper sent both events, signed.
  await waitFor("both webhooks", () => received.length >= 2, { timeoutMs: 15_000 });
  const events = received.map((delivery) => JSON.parse(delivery.body) as { id: string; type: string; data?: { id: string; done_cells: number } });
  expect(events.map((event) => event.type).sort()).toEqual(["matrix_run.completed", "render.completed"]);
  const completed = events.find((event) => event.type === "matrix_run.completed");
  expect(completed?.data).toMatchObject({ id: runId, done_cells: 4 });
  const secret = (sqlite.query("SELECT secret FROM webhook_secrets WHERE user_id = ?").get(userId) as { secret: string }).secret;
  for (const { body, signature } of received) {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(signature ?? "")!;
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  }
  expect(worker.output()).toContain(`worker ${health.pid}`);
  expect(web.output()).toContain("ROLE=web");

  worker.proc.kill("SIGTERM");
  expect(await worker.exited()).toBe(0);
}, 60_000);

test("an unknown ROLE stops the process with a clear message", async () => {
  const bad = spawnProcess([process.execPath, "src/index.ts"], { DATA_DIR: dataDir, ROLE: "cron" });
  expect(await bad.exited()).toBe(1);
  expect(bad.output()).toContain('ROLE must be all, web or worker, got "cron"');
});
