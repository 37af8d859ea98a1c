// The Dockerfile, replayed without Docker (there is no engine here): its stages' COPY and RUN lines as written
// (a production install, the full install and the build), then the runtime stage's CMD started the way the
// image starts, in production with the offline provider. A Dockerfile that copies too little, or a bundle that
// cannot find its migrations, assets or generation Worker, fails here.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDockerfile, replayStages, type Stage } from "../helpers/dockerfile-replay";
import { waitFor } from "../helpers/generation";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { freePort, REPO_ROOT, spawnProcess, type SpawnedProcess } from "../helpers/processes";

const stages = parseDockerfile(readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8"));
const runtime = stages.at(-1)!;
let workDir: string;
let app: string;
let guard: NetworkGuard;
const started: SpawnedProcess[] = [];

function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += Bun.file(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** The runtime stage's own RUN lines prepare the data volume for the `bun` user (mkdir, chown): root-only here. */
function withoutVolumeSetup(stage: Stage): Stage {
  const steps = stage.steps.filter((step) => step.kind === "copy" || !/^mkdir -p \/app\/data && chown -R bun:bun \/app\/data$/.test(step.command));
  const unexpected = steps.filter((step) => step.kind === "run");
  if (unexpected.length) throw new Error(`the runtime stage runs ${JSON.stringify(unexpected)}: teach this replay what it does`);
  return { ...stage, steps };
}

function startImage(env: Record<string, string>): SpawnedProcess {
  const [command, ...args] = runtime.cmd!;
  expect(command).toBe("bun");
  const child = spawnProcess([process.execPath, ...args], { ...runtime.env, ...env }, { cwd: app });
  started.push(child);
  return child;
}

async function answers(url: string): Promise<Response | undefined> {
  try {
    return await fetch(url);
  } catch {
    return undefined;
  }
}

beforeAll(() => {
  guard = installNetworkGuard();
  workDir = mkdtempSync(join(tmpdir(), "gallery-docker-"));
  const runEnv: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "BUN_INSTALL", "BUN_INSTALL_CACHE_DIR"]) if (process.env[name]) runEnv[name] = process.env[name]!;
  const folders = replayStages([...stages.slice(0, -1), withoutVolumeSetup(runtime)], { contextDir: REPO_ROOT, workDir, runEnv });
  app = folders.get(runtime.name)!;
}, 120_000);

afterAll(async () => {
  for (const child of started) await child.kill();
  guard?.uninstall();
  rmSync(workDir, { recursive: true, force: true });
});

test("the runtime stage holds the bundle, migrations, assets and sharp, and nothing of the sources", () => {
  expect(existsSync(join(app, "src"))).toBe(false);
  expect(readdirSync(join(app, "node_modules")).sort()).toEqual(["@img", "detect-libc", "semver", "sharp"]);
  expect(existsSync(join(app, "dist/index.js"))).toBe(true);
  expect(existsSync(join(app, "dist/worker.js"))).toBe(true);
  expect(readdirSync(join(app, "drizzle", "sqlite")).some((name) => name.endsWith(".sql"))).toBe(true);
  expect(existsSync(join(app, "public/app.css"))).toBe(true);
  // Before the bundle the runtime carried ~150 MB (every production package beside src/); sharp's libvips is most of it now.
  expect(folderBytes(app) / 1e6).toBeLessThan(40);
});

test("started as the image starts it (production, a strong key, the offline provider), it serves and renders", async () => {
  const port = freePort();
  const dataDir = join(workDir, "data");
  const base = `http://127.0.0.1:${port}`;
  const server = startImage({
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    BASE_URL: base,
    NODE_ENV: "production",
    LOCAL_PROVIDER: "1",
    SECRET_KEY: Buffer.from(crypto.getRandomValues(new Uint8Array(48))).toString("base64"),
    SEED_ON_START: "1",
    WEB_CONCURRENCY: "2",
  });
  await waitFor("the image's /health", async () => {
    if (server.proc.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    return (await answers(`${base}/health`))?.status === 200;
  }, { timeoutMs: 20_000 });
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  expect(await home.text()).toContain("One prompt, many styles, several models.");
  expect((await fetch(`${base}/app.css`)).status).toBe(200);

  // The empty gallery seeds the catalogue: a render done proves the bundled generation Worker starts and runs sharp.
  await waitFor("a catalogue render from the bundled Worker", async () => {
    const { counts } = (await (await fetch(`${base}/health`)).json()) as { counts: { public_renders: number } };
    return counts.public_renders > 0;
  }, { timeoutMs: 30_000, intervalMs: 200 });
  const database = new Database(join(dataDir, "gallery.db"), { readonly: true });
  const image = (database.query("SELECT image_path FROM renders WHERE status = 'done' LIMIT 1").get() as { image_path: string }).image_path;
  database.close();
  const served = await fetch(new URL(image, base));
  expect(served.status).toBe(200);
  expect(served.headers.get("content-type")).toBe("image/webp");
  expect(server.output()).toContain("in 2 processes");

  server.proc.kill("SIGTERM");
  expect(await server.exited(30_000)).toBe(0);
}, 60_000);

test("the same image as ROLE=worker answers /health on WORKER_HEALTH_PORT only", async () => {
  const healthPort = freePort();
  const webPort = freePort();
  const worker = startImage({ ROLE: "worker", DATA_DIR: join(workDir, "data-worker"), NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(webPort), WORKER_HEALTH_PORT: String(healthPort), SEED_ON_START: "0" });
  const health = await waitFor("the worker's /health", async () => {
    if (worker.proc.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
    const response = await answers(`http://127.0.0.1:${healthPort}/health`);
    return response?.status === 200 ? ((await response.json()) as { role: string }) : undefined;
  }, { timeoutMs: 20_000 });
  expect(health.role).toBe("worker");
  expect(await answers(`http://127.0.0.1:${webPort}/`)).toBeUndefined();
  worker.proc.kill("SIGTERM");
  expect(await worker.exited()).toBe(0);
}, 30_000);
