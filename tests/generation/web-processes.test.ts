// WEB_CONCURRENCY=2: two server processes share one port, the kernel spreads connections over both, only the
// first runs the worker pool, and the copy never outlives the first, however that one ends.
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { makeDataDir, waitFor } from "../helpers/generation";
import { spawnServer, type SpawnedServer } from "../helpers/processes";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";

let guard: NetworkGuard;
beforeAll(() => {
  guard = installNetworkGuard();
});
afterAll(() => guard.uninstall());

let server: SpawnedServer | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await server?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = undefined;
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Each request on a fresh connection, so the kernel picks a process per request. */
async function answeringPids(baseUrl: string, requests: number): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < requests; i++) {
    const response = await fetch(`${baseUrl}/health`, { headers: { connection: "close" } });
    pids.add(((await response.json()) as { pid: number }).pid);
  }
  return pids;
}

async function startTwo(): Promise<{ primary: number; copy: number }> {
  dataDir = makeDataDir();
  server = spawnServer(dataDir, { WEB_CONCURRENCY: "2", SEED_ON_START: "0" });
  await server.ready();
  const primary = server.proc.pid;
  let copy = 0;
  await waitFor("both processes to answer", async () => {
    const pids = await answeringPids(server!.baseUrl, 20);
    copy = [...pids].find((pid) => pid !== primary) ?? 0;
    return pids.has(primary) && copy !== 0;
  });
  return { primary, copy };
}

test("two processes answer on one port; SIGTERM to the first stops both", async () => {
  const { copy } = await startTwo();
  expect(server!.output()).toContain("in 2 processes");
  server!.proc.kill("SIGTERM");
  expect(await server!.exited()).toBe(0);
  await waitFor("the copy to exit", () => !isAlive(copy), { timeoutMs: 10_000 });
});

test("the copy exits by itself when the first process is killed with SIGKILL", async () => {
  const { copy } = await startTwo();
  server!.proc.kill("SIGKILL");
  await waitFor("the orphaned copy to exit", () => !isAlive(copy), { timeoutMs: 10_000 });
});
