// Throughput of the pages the response cache does not serve (studio, account, a matrix run), signed in, against
// one server on 127.0.0.1: a bounded loop of requests at a fixed concurrency, best of a few rounds.
// `bun bench/uncached-pages.ts [--app-root DIR] [--requests N] [--rounds N]`; `--app-root` measures another checkout.
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { freePort, ProcessGroup, waitForOk } from "./processes";

const { values } = parseArgs({
  options: {
    "app-root": { type: "string" },
    requests: { type: "string", default: "2000" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "8" },
  },
});
const appRoot = resolve(values["app-root"] ?? join(import.meta.dir, ".."));
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);

async function requestsPerSecond(url: string, cookie: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const response = await fetch(url, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        await response.arrayBuffer();
      }
    }),
  );
  return REQUESTS / ((performance.now() - started) / 1000);
}

const group = new ProcessGroup();
const dataDir = mkdtempSync(join(tmpdir(), "bench-uncached-"));
try {
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = group.spawn("uncached-app", [process.execPath, "src/index.ts"], {
    cwd: appRoot,
    env: { NODE_ENV: "development", DATA_DIR: dataDir, PORT: String(port), BASE_URL: baseUrl, SEED_ON_START: "0", LOCAL_PROVIDER: "1", RATE_LIMIT_AUTH_PER_MINUTE: "1000", RATE_LIMIT_GENERATION_PER_MINUTE: "1000" },
  });
  await waitForOk(`${baseUrl}/health`, app, { timeoutMs: 15_000, intervalMs: 20 });
  const signIn = await fetch(`${baseUrl}/auth/dev`, {
    method: "POST",
    headers: { origin: baseUrl, "content-type": "application/json" },
    body: JSON.stringify({ email: "bench@example.com" }),
  });
  const cookie = signIn.headers.getSetCookie().find((header) => header.startsWith("session="))!.split(";")[0]!;
  const userId = ((await signIn.json()) as { user_id: number }).user_id;
  // Credits for a small matrix run, so its page can be measured too.
  const db = new Database(join(dataDir, "gallery.db"));
  db.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 100, 'bench_grant')").run(userId);
  db.close();
  const run = await fetch(`${baseUrl}/matrix`, {
    method: "POST",
    headers: { origin: baseUrl, cookie, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ base_prompts: "a red fox\na tin robot", style_phrases: "oil painting\npixel art", model_keys: "local:sketch,local:paint" }),
  });
  const runPath = run.ok ? `/studio/runs/${((await run.json()) as { matrix_run_id: string }).matrix_run_id}` : null;
  console.log(`app ${appRoot}, user ${userId}, ${REQUESTS} requests × ${ROUNDS} rounds at concurrency ${CONCURRENCY}${runPath ? "" : ` (no run page: POST /matrix answered ${run.status})`}`);
  // "/" is served from the response cache: a check that a per-request hook added for the others does not tax it.
  for (const path of ["/studio", "/account", ...(runPath ? [runPath] : []), "/"]) {
    await requestsPerSecond(`${baseUrl}${path}`, cookie);
    const rates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) rates.push(await requestsPerSecond(`${baseUrl}${path}`, cookie));
    console.log(`${path.startsWith("/studio/runs/") ? "/studio/runs/:id" : path === "/" ? "/ (cached)" : path}: best ${Math.max(...rates).toFixed(0)} req/s (rounds ${rates.map((rate) => rate.toFixed(0)).join(", ")})`);
  }
} finally {
  await group.stopAll();
  rmSync(dataDir, { recursive: true, force: true });
}
