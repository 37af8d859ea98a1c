// Generation benchmarks: post-processing images/s against the Pillow peer on the same 1024×1024 inputs, the
// queue's scheduling overhead per job, and end-to-end jobs/s through the worker pool with the local provider.
// Runs alone (`bun bench/generation.ts`) or as part of `bun run bench`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { loadConfig } from "../src/config";
import { openDatabase } from "../src/db/client";
import { migrateDatabase } from "../src/db/migrate";
import { createGenerationEngine } from "../src/generation/engine";
import { planMatrixRun } from "../src/generation/matrix";
import { sqliteData, type Data } from "../src/db/data";
import { postprocessImage } from "../src/generation/postprocess";
import { writeRenderImages, type ProcessedImage } from "../src/generation/render-files";
import { drawLocalImage } from "../src/generation/providers/local";
import { createRenderQueue } from "../src/generation/queue";
import { PEER_DIR } from "./peer-path";
import { createImageStore } from "../src/storage";
import { resultRow, type ResultRow } from "./report";

const WORK_DIR = join(import.meta.dir, ".work", "generation");
const PEER_SCRIPT = join(PEER_DIR, "pillow_pipeline.py");
const INPUT_STYLES = ["oil painting", "pixel art", "watercolor", "neon cyberpunk", "film noir", "stained glass"];
const ROUNDS = 3;
/** Two pipelines at once: one per core. */
const CONCURRENCY = 2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Twelve 1024×1024 PNGs drawn by the local provider, made once and kept. */
async function ensureInputs(): Promise<string> {
  const dir = join(WORK_DIR, "inputs");
  if (existsSync(dir) && readdirSync(dir).length === INPUT_STYLES.length * 2) return dir;
  mkdirSync(dir, { recursive: true });
  for (const style of INPUT_STYLES) {
    for (const model of ["local:paint", "local:sketch"]) {
      const png = await drawLocalImage({ basePrompt: "a lighthouse on a rocky coast at dusk", stylePhrase: style, modelKey: model });
      // Re-saved with normal compression, like a provider's PNG download.
      await sharp(png).png().toFile(join(dir, `${style.replace(/\W+/g, "-")}-${model.replace(":", "-")}.png`));
    }
  }
  return dir;
}

async function runConcurrently<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/**
 * The peer's outputs: WebP quality 90 and a 200×200 Lanczos thumbnail at quality 80, from one decode. `effort`
 * 4 is libwebp's default (Pillow's method 4); 2 is what the app uses (half the encode time, files ~3% larger).
 */
async function peerEquivalentPipeline(input: Buffer, outBase: string, effort: number): Promise<void> {
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  await Promise.all([
    sharp(data, raw).webp({ quality: 90, effort }).toFile(`${outBase}.webp`),
    sharp(data, raw).resize(200, 200, { fit: "inside", kernel: "lanczos3" }).webp({ quality: 80, effort }).toFile(`${outBase}-thumb.webp`),
  ]);
}

async function timeImagesPerSecond(inputs: Buffer[], work: (input: Buffer, index: number) => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await runConcurrently(inputs.map((input, index) => ({ input, index })), ({ input, index }) => work(input, index));
    runs.push(inputs.length / ((performance.now() - started) / 1000));
  }
  return median(runs);
}

async function peerImagesPerSecond(inputDir: string, count: number): Promise<number> {
  const runs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const out = mkdtempSync(join(tmpdir(), "peer-pp-"));
    try {
      const child = Bun.spawn(["/usr/bin/python3", PEER_SCRIPT, inputDir, out], { stdout: "pipe", stderr: "inherit" });
      const text = await new Response(child.stdout).text();
      if ((await child.exited) !== 0) throw new Error("pillow_pipeline.py failed (run ../shared/peer/setup.sh)");
      const seconds = Number(/seconds=([\d.]+)/.exec(text)?.[1]);
      runs.push(count / seconds);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return median(runs);
}

async function postprocessRows(): Promise<ResultRow[]> {
  const inputDir = await ensureInputs();
  const names = readdirSync(inputDir).sort();
  const inputs = await Promise.all(names.map(async (name) => Buffer.from(await Bun.file(join(inputDir, name)).arrayBuffer())));
  const out = mkdtempSync(join(tmpdir(), "app-pp-"));
  try {
    const peer = await peerImagesPerSecond(inputDir, inputs.length);
    const same = await timeImagesPerSecond(inputs, (input, index) => peerEquivalentPipeline(input, join(out, `same-${index}`), 4));
    const sameFast = await timeImagesPerSecond(inputs, (input, index) => peerEquivalentPipeline(input, join(out, `fast-${index}`), 2));
    const store = createImageStore({ kind: "disk", root: out });
    const full = await timeImagesPerSecond(inputs, async (input) => writeRenderImages(store, crypto.randomUUID(), await postprocessImage(input)));
    return [
      resultRow({
        metric: `post-processing, the peer's outputs (WebP q90 + 200 px thumbnail, effort 4), ${inputs.length} × 1024² PNG, 2 at once`,
        value: same,
        unit: "images/s",
        baseline: { label: "pillow_pipeline.py", value: peer },
        target: { on: "ratio", comparison: ">=", threshold: 2 },
      }),
      resultRow({
        metric: `post-processing, the peer's outputs at the app's WebP effort 2, 2 at once`,
        value: sameFast,
        unit: "images/s",
        baseline: { label: "pillow_pipeline.py", value: peer },
        target: { on: "ratio", comparison: ">=", threshold: 2 },
      }),
      resultRow({
        metric: "post-processing, the app's full set (web + full-resolution WebP, 2 thumbnails, thumbhash), 2 at once",
        value: full,
        unit: "images/s",
        baseline: { label: "pillow_pipeline.py (less work)", value: peer },
      }),
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Claim + complete on the main thread, no provider: what the queue itself costs per job, in µs (2,000 jobs). */
export async function queueOverheadMicros(data: Data): Promise<number> {
  const jobs = 2000;
  await planMatrixRun(data, {
    basePrompts: Array.from({ length: 40 }, (_, i) => `prompt ${i}`),
    stylePhrases: Array.from({ length: 25 }, (_, i) => `style ${i}`),
    modelKeys: ["local:paint", "local:sketch"],
  });
  const queue = createRenderQueue(data, { concurrency: 2, maxAttempts: 4, leaseMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 60_000 });
  const image: ProcessedImage = {
    imagePath: "/images/2026/11/x.webp",
    thumbPath: "/images/2026/11/x_t.webp",
    thumb2xPath: "/images/2026/11/x_t2.webp",
    fullKey: "images/2026/11/x_full.webp",
    width: 1024,
    height: 1024,
    fullWidth: 1024,
    fullHeight: 1024,
    fullBytes: 1,
    thumbhash: "AAAA",
    bytes: 1,
  };
  const started = performance.now();
  let done = 0;
  for (;;) {
    const job = await queue.claimNext("bench", ["local:paint", "local:sketch"]);
    if (!job) break;
    await queue.complete(job.id, "bench", image, {});
    done++;
  }
  if (done !== jobs) throw new Error(`queue bench completed ${done} of ${jobs}`);
  return ((performance.now() - started) * 1000) / done;
}

/** The queue's overhead on a fresh SQLite file. */
export async function sqliteQueueOverheadMicros(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bench-queue-"));
  try {
    const { sqlite, db } = openDatabase(join(dir, "gallery.db"));
    migrateDatabase(db);
    try {
      return await queueOverheadMicros(sqliteData(sqlite));
    } finally {
      sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function queueOverheadRow(): Promise<ResultRow> {
  return resultRow({ metric: "queue scheduling overhead (claim + complete, 2000 jobs, no provider)", value: await sqliteQueueOverheadMicros(), unit: "µs/job" });
}

/** Real jobs through the Worker pool with the local provider (draw + post-process): what the catalogue seed sees. */
async function poolThroughputRow(): Promise<ResultRow> {
  const dir = mkdtempSync(join(tmpdir(), "bench-pool-"));
  try {
    const config = loadConfig({ NODE_ENV: "development", DATA_DIR: dir, GENERATION_IDLE_POLL_MS: "10" });
    const { sqlite, db } = openDatabase(config.dbPath);
    migrateDatabase(db);
    const data = sqliteData(sqlite);
    const run = (await planMatrixRun(data, { basePrompts: ["a red fox in a snowy forest", "a tin robot watering a houseplant"], stylePhrases: INPUT_STYLES, modelKeys: ["local:paint", "local:sketch"] }))!;
    const engine = createGenerationEngine(data, config);
    const started = performance.now();
    engine.pool.start();
    const count = run.renderIds.length;
    const deadline = Date.now() + 300_000;
    while ((sqlite.query("SELECT count(*) AS n FROM renders WHERE status IN ('done','failed')").get() as { n: number }).n < count) {
      if (Date.now() > deadline) throw new Error("pool bench timed out");
      await Bun.sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    await engine.pool.stop(10_000);
    sqlite.close();
    return resultRow({ metric: `worker pool, local provider end to end (${count} jobs of 1024², 2 Workers)`, value: count / seconds, unit: "jobs/s" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureGeneration(log: (message: string) => void = console.log): Promise<ResultRow[]> {
  log("generation: post-processing against the Pillow peer…");
  const rows = await postprocessRows();
  log("generation: queue scheduling overhead…");
  rows.push(await queueOverheadRow());
  log("generation: worker pool throughput…");
  rows.push(await poolThroughputRow());
  return rows;
}

if (import.meta.main) {
  const { formatTable } = await import("./report");
  console.log(formatTable(await measureGeneration()));
}
