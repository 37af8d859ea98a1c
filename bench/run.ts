// `bun run bench`: builds the synthetic galleries, runs every measurement against them, prints the table and writes bench/results/.
import { cpus } from "node:os";
import { join } from "node:path";
import {
  comparePages,
  compareSearchWithPeer,
  measureBootTime,
  measureHealth,
  measureSearchLatency,
  type PageSizes,
  pageSizes,
  peakRssRow,
} from "./measurements";
import { type BenchOptions, parseOptions, USAGE } from "./options";
import { exportPeerDataset } from "./peer-dataset";
import { ProcessGroup } from "./processes";
import { formatTable, resultRow, type ResultRow, type RunReport, writeReport } from "./report";
import { type RunningServer, startApp, startPeer, startRawServer } from "./servers";
import { ensureSyntheticDatabase, type SyntheticDatabase } from "./synthetic-db";
import { measureGeneration } from "./generation";
import { measureFreshStart } from "./fresh-start";
import { measurePostgres } from "./postgres";

const WORK_DIR = join(import.meta.dir, ".work");
// Search is compared with the peer on the 10k dataset only, as the peer README measures it.
const PEER_DATASET = "10k";
const BUILD_TARGET_SECONDS = 120;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function startPeerOn(group: ProcessGroup, database: SyntheticDatabase): Promise<RunningServer> {
  const dataset = await exportPeerDataset(database.dbPath, join(database.dataDir, "peer-dataset.jsonl"));
  log(`starting the Python peer on ${dataset}`);
  return startPeer(group, dataset, join(WORK_DIR, "peer", "peer.db"));
}

/**
 * One dataset: the raw baseline server (sized from the app's pages) and, on 10k, the peer stay up while
 * the app runs with the response cache on, then off; every run pauses the other servers. The largest
 * dataset also gets the search latency runs.
 */
async function measureDataset(group: ProcessGroup, database: SyntheticDatabase, options: BenchOptions, isLargest: boolean): Promise<ResultRow[]> {
  const size = database.shape.label;
  const context = { group, settings: options.load, rounds: options.rounds };
  const peer = size === PEER_DATASET ? await startPeerOn(group, database) : undefined;
  let raw: RunningServer | undefined;
  let sizes: PageSizes | undefined;
  const rows: ResultRow[] = [];
  try {
    for (const responseCache of [true, false]) {
      const label = `${size}, ${responseCache ? "cached" : "uncached"}`;
      const app = await startApp(group, `app-${size}-${responseCache ? "cached" : "uncached"}`, { appRoot: options.appRoot, dataDir: database.dataDir, responseCache });
      try {
        if (!sizes || !raw) {
          sizes = await pageSizes(app);
          log(`${size}: / is ${sizes.homeBytes} bytes, /style/:slug is ${sizes.styleBytes} bytes`);
          raw = await startRawServer(group, `raw-${size}`, { "/home": sizes.homeBytes, "/style": sizes.styleBytes });
        }
        rows.push(...(await comparePages(context, app, raw, sizes, label, responseCache)));
        if (peer) rows.push(await compareSearchWithPeer(context, app, peer, label));
        if (isLargest && !responseCache) rows.push(...(await measureSearchLatency(context, app, label)));
        // Last on this process: if /health is slow, requests wrk gave up on may still be queued behind it.
        if (!responseCache) rows.push(await measureHealth(context, app, size));
        rows.push(await peakRssRow(app, label));
      } finally {
        await group.stop(app.child);
      }
    }
    if (peer || isLargest) rows.push(...(await measureTwoProcesses(context, database, options, peer, isLargest)));
  } finally {
    if (raw) await group.stop(raw.child);
    if (peer) await group.stop(peer.child);
  }
  return rows;
}

/** The same uncached search load on two server processes sharing the port (WEB_CONCURRENCY=2), for the one-vs-two comparison. */
async function measureTwoProcesses(
  context: Parameters<typeof compareSearchWithPeer>[0],
  database: SyntheticDatabase,
  options: BenchOptions,
  peer: RunningServer | undefined,
  isLargest: boolean,
): Promise<ResultRow[]> {
  const size = database.shape.label;
  const label = `${size}, uncached, 2 processes`;
  const app = await startApp(context.group, `app-${size}-two-processes`, { appRoot: options.appRoot, dataDir: database.dataDir, responseCache: false, webConcurrency: 2 });
  try {
    const rows: ResultRow[] = [];
    if (peer) rows.push(await compareSearchWithPeer(context, app, peer, label));
    if (isLargest) rows.push(...(await measureSearchLatency(context, app, label)));
    return rows;
  } finally {
    await context.group.stop(app.child);
  }
}

function buildTimeRow(database: SyntheticDatabase): ResultRow {
  const row = resultRow({
    metric: `synthetic database build, ${database.shape.label} renders`,
    value: database.buildSeconds,
    unit: "s",
    target: database.renders >= 1_000_000 ? { on: "value", comparison: "<", threshold: BUILD_TARGET_SECONDS } : undefined,
  });
  return database.reused ? { ...row, note: "cached copy, built in an earlier run" } : row;
}

async function main(): Promise<number> {
  const parsed = parseOptions(Bun.argv.slice(2));
  if (parsed === "help") {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  const startedAt = new Date().toISOString();
  const group = new ProcessGroup();
  const stopOnSignal = () => void group.stopAll().finally(() => process.exit(130));
  process.on("SIGINT", stopOnSignal);
  process.on("SIGTERM", stopOnSignal);

  const rows: ResultRow[] = [];
  const datasets: RunReport["datasets"] = [];
  try {
    const shapes = [...options.shapes].sort((a, b) => a.styles * a.prompts * a.models - b.styles * b.prompts * b.models);
    const databases = shapes.map((shape) => {
      log(`preparing the ${shape.label} database…`);
      const database = ensureSyntheticDatabase(shape, { rebuild: options.rebuild });
      log(database.reused ? `${shape.label}: reused ${database.dbPath}` : `${shape.label}: built in ${database.buildSeconds.toFixed(1)} s`);
      datasets.push({ label: shape.label, renders: database.renders, styles: shape.styles, buildSeconds: database.buildSeconds, reused: database.reused });
      rows.push(buildTimeRow(database));
      return database;
    });
    for (const database of databases) {
      rows.push(...(await measureDataset(group, database, options, database === databases.at(-1))));
      if (database.shape.label === PEER_DATASET) rows.push(...(await measurePostgres({ group, settings: options.load, rounds: options.rounds }, database, options.appRoot, log)));
    }
    rows.push(await measureBootTime(group, databases.at(-1)!, options.bootRuns, options.appRoot));
    if (!options.skipGeneration) rows.push(...(await measureGeneration(log)));
    // Last: it paints the whole offline catalogue, so it would load the machine under the other measurements.
    if (options.freshStartSeconds > 0) rows.push(...(await measureFreshStart(group, options.freshStartSeconds)));
  } finally {
    await group.stopAll();
  }

  const report: RunReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    settings: { ...options.load, rounds: options.rounds, bootRuns: options.bootRuns, appRoot: options.appRoot, freshStartSeconds: options.freshStartSeconds, cpus: cpus().length, bun: Bun.version },
    datasets,
    rows,
  };
  console.log(`\n${formatTable(rows)}\n`);
  for (const path of await writeReport(report)) log(`wrote ${path}`);
  return 0;
}

process.exitCode = await main();
