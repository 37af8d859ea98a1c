// Starts the three kinds of server a run measures (the app, the raw Bun.serve baseline, the Python peer) and waits until each answers.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { PEER_DIR } from "./peer-path";
import { type Child, freePort, type ProcessGroup, waitForOk } from "./processes";

const PEER_SCRIPT = join(PEER_DIR, "seed_stack.py");
const PEER_PYTHON = "/usr/bin/python3";
const HEALTH_POLL_MS = 5;

export interface RunningServer {
  child: Child;
  baseUrl: string;
}

/** Production settings, no default-catalogue seeding, the response cache on or off. */
function appEnvironment(dataDir: string, port: number, responseCache: boolean, webConcurrency: number): Record<string, string> {
  return {
    NODE_ENV: "production",
    // Production would default to one process per core: every comparison names its process count instead.
    WEB_CONCURRENCY: String(webConcurrency),
    DATA_DIR: dataDir,
    PORT: String(port),
    SECRET_KEY: randomBytes(32).toString("base64url"),
    SEED_ON_START: "0",
    RESPONSE_CACHE: responseCache ? "1" : "0",
  };
}

/** Spawns `bun src/index.ts` in `appRoot`; returns once /health answers 200 and how long that took from spawn. */
export async function startApp(
  group: ProcessGroup,
  name: string,
  options: { appRoot: string; dataDir: string; responseCache: boolean; webConcurrency?: number; timeoutMs?: number; env?: Record<string, string> },
): Promise<RunningServer & { readyMs: number }> {
  const port = freePort();
  const startedAt = performance.now();
  const child = group.spawn(name, ["bun", "src/index.ts"], {
    cwd: options.appRoot,
    env: { ...appEnvironment(options.dataDir, port, options.responseCache, options.webConcurrency ?? 1), ...options.env },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const readyMs = await waitForOk(`${baseUrl}/health`, child, {
    startedAt,
    timeoutMs: options.timeoutMs ?? 60_000,
    intervalMs: HEALTH_POLL_MS,
  });
  return { child, baseUrl, readyMs };
}

/** The raw Bun.serve baseline, one path per body size. */
export async function startRawServer(group: ProcessGroup, name: string, bodies: Record<string, number>): Promise<RunningServer> {
  const port = freePort();
  const routes = Object.entries(bodies).map(([path, bytes]) => `${path}=${bytes}`);
  const child = group.spawn(name, ["bun", join(import.meta.dir, "raw-server.ts"), String(port), ...routes]);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForOk(`${baseUrl}/health`, child, { timeoutMs: 10_000, intervalMs: HEALTH_POLL_MS });
  return { child, baseUrl };
}

/** The original Python design's read API over the same renders (it loads the JSONL into its own SQLite file first). */
export async function startPeer(group: ProcessGroup, datasetPath: string, peerDbPath: string): Promise<RunningServer> {
  mkdirSync(dirname(peerDbPath), { recursive: true });
  const port = freePort();
  const child = group.spawn("peer", [PEER_PYTHON, PEER_SCRIPT, datasetPath, String(port), peerDbPath]);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForOk(`${baseUrl}/health`, child, { timeoutMs: 120_000, intervalMs: 50 });
  return { child, baseUrl };
}
