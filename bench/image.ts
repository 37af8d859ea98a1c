// `bun bench/image.ts [Dockerfile…]`: replays each Dockerfile without Docker (tests/helpers/dockerfile-replay.ts),
// then reports the runtime stage's app files in MB and its cold start (spawn → first /health 200, a fresh
// DATA_DIR each time, so migrations included), median of 7. Compare an older Dockerfile with
// `git show <commit>:Dockerfile > /tmp/Dockerfile.old && bun bench/image.ts /tmp/Dockerfile.old Dockerfile`.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDockerfile, replayStages } from "../tests/helpers/dockerfile-replay";
import { freePort, REPO_ROOT } from "../tests/helpers/processes";

const RUNS = 7;

async function measure(file: string): Promise<string> {
  const stages = parseDockerfile(readFileSync(file, "utf8"));
  const runtime = stages.at(-1)!;
  // The runtime's RUN lines prepare the volume for the image's user (chown): nothing to replay as a developer.
  runtime.steps = runtime.steps.filter((step) => step.kind === "copy");
  const work = mkdtempSync(join(tmpdir(), "bench-image-"));
  try {
    const runEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
    const app = replayStages(stages, { contextDir: REPO_ROOT, workDir: work, runEnv }).get(runtime.name)!;
    let bytes = 0;
    for (const entry of readdirSync(app, { recursive: true, withFileTypes: true })) if (entry.isFile()) bytes += Bun.file(join(entry.parentPath, entry.name)).size;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const port = freePort();
      const dataDir = join(work, `data-${i}`);
      const env = { PATH: process.env.PATH ?? "", ...runtime.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NODE_ENV: "production", LOCAL_PROVIDER: "1", SECRET_KEY: crypto.randomUUID() + crypto.randomUUID(), SEED_ON_START: "0", WEB_CONCURRENCY: "1" };
      const started = performance.now();
      const server = Bun.spawn([process.execPath, ...runtime.cmd!.slice(1)], { cwd: app, env, stdout: "ignore", stderr: "inherit" });
      for (let tries = 0; ; tries++) {
        if (tries > 4_000) throw new Error(`${file}: no /health after 20 s`);
        if ((await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200) break;
        await Bun.sleep(5);
      }
      times.push(performance.now() - started);
      server.kill("SIGKILL");
      await server.exited;
    }
    times.sort((a, b) => a - b);
    return `${file}: runtime app files ${(bytes / 1e6).toFixed(1)} MB; cold start median ${times[RUNS >> 1]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

for (const file of process.argv.length > 2 ? process.argv.slice(2) : ["Dockerfile"]) console.log(await measure(file));
