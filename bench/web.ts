// `bun run bench:web`: what a visitor on a phone feels. Lighthouse mobile (median of 3) on the four public pages of
// the offline catalogue, and cached compressed pages against a bare Bun.serve returning the same compressed bytes.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureLighthouse, type LighthouseRun, median, runLighthouse } from "./lighthouse";
import { type Child, freePort, type ProcessGroup, ProcessGroup as Group, waitForOk } from "./processes";
import { measure } from "./wrk";

const ROOT = join(import.meta.dir, "..");
const WORK_DIR = join(import.meta.dir, ".work");
const DATA_DIR = join(WORK_DIR, "web-data");
const RESULTS_DIR = join(import.meta.dir, "results");
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const COMPRESSED_LOAD = { durationSeconds: 3, connections: 32, threads: 1, warmupSeconds: 0 };
const COMPRESSED_ROUNDS = 3;
/** `--ratios-only`: only the compressed-page ratios, printed and not written to bench/results (no Lighthouse). */
const RATIOS_ONLY = process.argv.includes("--ratios-only");
const TARGETS = { performance: 95, accessibility: 100, "best-practices": 100, seo: 100, lcpMs: 2000, tbtMs: 150, cls: 0.05 };

function log(message: string): void {
  console.log(`[bench:web] ${message}`);
}

async function startApp(group: ProcessGroup): Promise<{ baseUrl: string; child: Child }> {
  mkdirSync(DATA_DIR, { recursive: true });
  const port = freePort();
  const child = group.spawn("web-app", ["bun", "src/index.ts"], {
    cwd: ROOT,
    env: {
      NODE_ENV: "production",
      LOCAL_PROVIDER: "1",
      SEED_ON_START: "1",
      DATA_DIR,
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SECRET_KEY: randomBytes(32).toString("base64url"),
      // One process, as the bare Bun.serve it is compared with (production would start one per core).
      WEB_CONCURRENCY: "1",
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForOk(`${baseUrl}/health`, child, { timeoutMs: 60_000, intervalMs: 50 });
  return { baseUrl, child };
}

/** The catalogue is painted once into bench/.work/web-data and kept for later runs. */
async function waitForCatalogue(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  let last = "";
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as { counts: { public_renders: number }; queue: { pending: number; running: number } };
    const line = `${health.counts.public_renders} public renders, ${health.queue.pending} pending`;
    if (line !== last) log(`catalogue: ${line}`);
    last = line;
    if (health.queue.pending === 0 && health.queue.running === 0 && health.counts.public_renders > 0) return;
    await Bun.sleep(2_000);
  }
  throw new Error("the catalogue did not finish painting within 15 minutes");
}

async function pagesToMeasure(baseUrl: string): Promise<Record<string, string>> {
  const styles = (await (await fetch(`${baseUrl}/styles`)).json()) as { styles: { slug: string; phrase?: string }[] };
  const slug = styles.styles.find((style) => style.slug === "oil-painting")?.slug ?? styles.styles[0]!.slug;
  const home = await (await fetch(`${baseUrl}/`)).text();
  const renderId = /href="\/r\/([0-9a-f-]{36})"/.exec(home)?.[1];
  if (!renderId) throw new Error("no render link on the home page");
  return { "/": "/", "/explore?q=…": "/explore?q=watercolor", "/style/:slug": `/style/${slug}`, "/r/:id": `/r/${renderId}` };
}

interface PageResult {
  page: string;
  path: string;
  runs: LighthouseRun[];
}

function summarise(result: PageResult) {
  const pick = (f: (run: LighthouseRun) => number) => median(result.runs.map(f));
  return {
    page: result.page,
    path: result.path,
    performance: pick((run) => run.scores.performance),
    accessibility: pick((run) => run.scores.accessibility),
    bestPractices: pick((run) => run.scores["best-practices"]),
    seo: pick((run) => run.scores.seo),
    lcpMs: Math.round(pick((run) => run.lcpMs)),
    tbtMs: Math.round(pick((run) => run.tbtMs)),
    cls: Number(pick((run) => run.cls).toFixed(3)),
    failing: [...new Set(result.runs.flatMap((run) => run.failing))],
  };
}

type Summary = ReturnType<typeof summarise>;

function lighthouseTable(rows: Summary[]): string {
  const mark = (ok: boolean) => (ok ? "✓" : "✗");
  const lines = [
    `| page | performance (≥${TARGETS.performance}) | accessibility | best practices | SEO | LCP (<${TARGETS.lcpMs} ms) | TBT (<${TARGETS.tbtMs} ms) | CLS (<${TARGETS.cls}) |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of rows) {
    lines.push(
      `| \`${row.page}\` | ${row.performance} ${mark(row.performance >= TARGETS.performance)} | ${row.accessibility} ${mark(row.accessibility >= TARGETS.accessibility)} | ` +
        `${row.bestPractices} ${mark(row.bestPractices >= TARGETS["best-practices"])} | ${row.seo} ${mark(row.seo >= TARGETS.seo)} | ` +
        `${row.lcpMs} ${mark(row.lcpMs < TARGETS.lcpMs)} | ${row.tbtMs} ${mark(row.tbtMs < TARGETS.tbtMs)} | ${row.cls} ${mark(row.cls < TARGETS.cls)} |`,
    );
  }
  const notes = rows.filter((row) => row.failing.length).map((row) => `- \`${row.page}\` below 90: ${row.failing.join(", ")}`);
  return [...lines, "", ...notes].join("\n");
}

/** CPU time (user + system, in clock ticks of 10 ms) a process has used so far. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** One wrk run with only `child` running of the bench's processes: its rate and its CPU time per request. */
async function loadRun(group: ProcessGroup, child: Child, url: string, script: string) {
  const before = cpuTicks(child.pid);
  const result = await group.alone(child, () => measure(url, COMPRESSED_LOAD, script));
  return { rps: result.requestsPerSecond, cpuUs: ((cpuTicks(child.pid) - before) * 10_000) / Math.max(1, result.requests), errors: result.errors };
}

/**
 * A cached page served compressed, against a bare Bun.serve answering the very same compressed bytes, in
 * alternating runs (median kept). CPU time per request is given too: on a machine shared with other work it
 * moves far less than the rate, and its ratio is what the rate's would be on a quiet one.
 */
async function compressedRatios(group: ProcessGroup, app: { baseUrl: string; child: Child }, paths: Record<string, string>) {
  const rows: { page: string; encoding: string; bytes: number; appRps: number; rawRps: number; ratio: number; appCpuUs: number; rawCpuUs: number; cpuRatio: number }[] = [];
  for (const encoding of ["br", "gzip"]) {
    for (const page of ["/", "/style/:slug"]) {
      const path = paths[page]!;
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { "accept-encoding": encoding }, decompress: false } as RequestInit);
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.headers.get("content-encoding") !== encoding) {
        log(`${page} was not served with ${encoding}: skipping its ratio`);
        continue;
      }
      const bodyFile = join(WORK_DIR, `compressed-${encoding}-${page.replace(/\W/g, "")}.bin`);
      writeFileSync(bodyFile, body);
      const port = freePort();
      const raw = group.spawn(`raw-${encoding}`, ["bun", join(import.meta.dir, "raw-bytes-server.ts"), String(port), bodyFile, encoding]);
      await waitForOk(`http://127.0.0.1:${port}/health`, raw, { timeoutMs: 10_000, intervalMs: 20 });
      const script = join(WORK_DIR, `accept-${encoding}.lua`);
      await Bun.write(script, `wrk.headers["Accept-Encoding"] = "${encoding}"\n`);
      const rawUrl = `http://127.0.0.1:${port}/page`;
      const appUrl = `${app.baseUrl}${path}`;
      await group.alone(raw, () => measure(rawUrl, { ...COMPRESSED_LOAD, durationSeconds: 1 }, script));
      await group.alone(app.child, () => measure(appUrl, { ...COMPRESSED_LOAD, durationSeconds: 1 }, script));
      const rawRuns = [];
      const appRuns = [];
      for (let round = 0; round < COMPRESSED_ROUNDS; round++) {
        rawRuns.push(await loadRun(group, raw, rawUrl, script));
        appRuns.push(await loadRun(group, app.child, appUrl, script));
      }
      await group.stop(raw);
      const rawRps = median(rawRuns.map((run) => run.rps));
      const appRps = median(appRuns.map((run) => run.rps));
      const rawCpuUs = median(rawRuns.map((run) => run.cpuUs));
      const appCpuUs = median(appRuns.map((run) => run.cpuUs));
      rows.push({
        page,
        encoding,
        bytes: body.byteLength,
        appRps: Math.round(appRps),
        rawRps: Math.round(rawRps),
        ratio: Number((appRps / rawRps).toFixed(2)),
        appCpuUs: Number(appCpuUs.toFixed(1)),
        rawCpuUs: Number(rawCpuUs.toFixed(1)),
        cpuRatio: Number((rawCpuUs / appCpuUs).toFixed(2)),
      });
      log(`${page} ${encoding}: ${JSON.stringify(rows.at(-1))}`);
    }
  }
  return rows;
}

/** Lighthouse now and then fails to record a trace on a busy machine (NO_NAVSTART): such a run is taken again. */
async function runWithRetry(run: () => Promise<LighthouseRun>, attempts = 3): Promise<LighthouseRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      log(`a Lighthouse run failed (${error instanceof Error ? error.message.slice(0, 120) : error}); running it again`);
    }
  }
}

function ratioTable(ratios: Awaited<ReturnType<typeof compressedRatios>>): string {
  if (!existsSync("/usr/bin/wrk")) return "(wrk not installed: apt-get install -y wrk)";
  if (!ratios.length) return "(the app served no compressed page)";
  return [
    "| cached page | encoding | bytes | app req/s | raw Bun.serve req/s | ratio (≥0.8) | app CPU µs/req | raw CPU µs/req | CPU ratio (raw/app) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...ratios.map(
      (row) =>
        `| \`${row.page}\` | ${row.encoding} | ${row.bytes} | ${row.appRps} | ${row.rawRps} | ${row.ratio} ${row.ratio >= 0.8 ? "✓" : "✗"} | ` +
        `${row.appCpuUs} | ${row.rawCpuUs} | ${row.cpuRatio} |`,
    ),
  ].join("\n");
}

const RATIOS_HEADING = `Compressed cached pages (one app process, wrk -c32, 3 s × ${COMPRESSED_ROUNDS} alternating runs, median, 127.0.0.1):`;

async function main(): Promise<void> {
  const group = new Group();
  try {
    const bin = RATIOS_ONLY ? null : await ensureLighthouse();
    const app = await startApp(group);
    const baseUrl = app.baseUrl;
    await waitForCatalogue(baseUrl);
    const paths = await pagesToMeasure(baseUrl);
    if (!bin) {
      const ratios = existsSync("/usr/bin/wrk") ? await compressedRatios(group, app, paths) : [];
      console.log(`\n${RATIOS_HEADING}\n\n${ratioTable(ratios)}\n`);
      return;
    }
    const results: PageResult[] = [];
    for (const [page, path] of Object.entries(paths)) {
      const runs: LighthouseRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(await runWithRetry(() => runLighthouse(bin, `${baseUrl}${path}`, `${page.replace(/\W+/g, "_")}-${i}`)));
        log(`${page} run ${i + 1}: performance ${runs.at(-1)!.scores.performance}`);
      }
      results.push({ page, path, runs });
    }
    const summaries = results.map(summarise);
    const ratios = existsSync("/usr/bin/wrk") ? await compressedRatios(group, app, paths) : [];
    const markdown =
      `## Web (bun run bench:web, ${new Date().toISOString()})\n\nLighthouse ${"12.2.3"} mobile preset, simulated throttling, ` +
      `median of ${RUNS} runs per page, production mode on the offline catalogue.\n\n${lighthouseTable(summaries)}\n\n` +
      `${RATIOS_HEADING}\n\n${ratioTable(ratios)}\n`;
    console.log(`\n${markdown}`);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, "web-latest.json"), JSON.stringify({ at: new Date().toISOString(), lighthouse: summaries, compressed: ratios }, null, 2));
    writeFileSync(join(RESULTS_DIR, "web-latest.md"), markdown);
    await mergeIntoLatest(markdown);
  } finally {
    await group.stopAll();
  }
}

/** bench/results/latest.md keeps the server bench's table and this section side by side. */
async function mergeIntoLatest(section: string): Promise<void> {
  const path = join(RESULTS_DIR, "latest.md");
  const current = existsSync(path) ? await Bun.file(path).text() : "";
  const start = "<!-- bench:web -->";
  const end = "<!-- /bench:web -->";
  const block = `${start}\n${section}${end}`;
  const next = current.includes(start) ? current.replace(new RegExp(`${start}[\\s\\S]*${end}`), block) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}

await main();
