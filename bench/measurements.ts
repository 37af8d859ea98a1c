// The measurements: the app against a raw Bun.serve of the same size and against the peer, search latency, /health, boot time.
import { SEARCH_WORDS } from "./dataset-shape";
import { type Child, peakRssMiB, type ProcessGroup } from "./processes";
import { resultRow, type ResultRow, type Target } from "./report";
import { type RunningServer, startApp } from "./servers";
import type { SyntheticDatabase } from "./synthetic-db";
import { type LoadSettings, measure, type WrkResult, writeRotatingPathsScript } from "./wrk";

export const STYLE_SLUG = "oil-painting";
export const SEARCH_PATH = "/search?q=oil%20painting";
const PAGE_RATIO_TARGET: Target = { on: "ratio", comparison: ">=", threshold: 0.8 };
const PEER_RATIO_TARGET: Target = { on: "ratio", comparison: ">=", threshold: 100 };
const SEARCH_P99_TARGET_MS = 10;
const BOOT_TARGET_MS = 300;

/** One thing to load: which process serves it (to run it alone) and the URL. */
export interface Endpoint {
  child: Child;
  url: string;
  label: string;
}

export interface MeasureContext {
  group: ProcessGroup;
  settings: LoadSettings;
  /** Alternating runs per comparison; the median is kept, so a burst of load from outside the bench moves one run, not the result. */
  rounds: number;
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

function rateDetail(result: WrkResult) {
  return { requests: result.requests, p50Ms: result.latencyMs.p50, p99Ms: result.latencyMs.p99 };
}

/** The run with the median of `key`, so its other numbers come from the same run. */
function medianRun(results: WrkResult[], key: (result: WrkResult) => number): WrkResult {
  const sorted = [...results].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Total errors and completed requests over every run, so one failed round still flags the row. */
function totals(results: WrkResult[]) {
  return {
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    requests: Math.min(...results.map((result) => result.requests)),
  };
}

async function loadAlone(context: MeasureContext, endpoint: Endpoint, warm: boolean, settings = context.settings, script?: string): Promise<WrkResult> {
  const result = await context.group.alone(endpoint.child, () =>
    measure(endpoint.url, { ...settings, warmupSeconds: warm ? settings.warmupSeconds : 0 }, script),
  );
  log(`${endpoint.label}: ${result.requestsPerSecond.toFixed(0)} req/s, p99 ${result.latencyMs.p99.toFixed(2)} ms${result.errors ? `, ${result.errors} errors` : ""}`);
  return result;
}

/** Baseline and subject in alternating runs, each alone on the machine as far as the bench is concerned. */
async function compare(context: MeasureContext, subject: Endpoint, baseline: Endpoint) {
  const subjectRuns: WrkResult[] = [];
  const baselineRuns: WrkResult[] = [];
  for (let round = 0; round < context.rounds; round++) {
    baselineRuns.push(await loadAlone(context, baseline, round === 0));
    subjectRuns.push(await loadAlone(context, subject, round === 0));
  }
  const rate = (result: WrkResult) => result.requestsPerSecond;
  return { subject: medianRun(subjectRuns, rate), baseline: medianRun(baselineRuns, rate), ...totals(subjectRuns) };
}

export async function compareRate(
  context: MeasureContext,
  metric: string,
  subject: Endpoint,
  baseline: Endpoint,
  target: Target | undefined,
  detail: Record<string, unknown> = {},
): Promise<ResultRow> {
  const { subject: result, baseline: reference, errors, requests } = await compare(context, subject, baseline);
  return {
    ...resultRow({
      metric,
      value: result.requestsPerSecond,
      unit: "req/s",
      baseline: { label: baseline.label, value: reference.requestsPerSecond },
      target,
      errors,
      requests,
    }),
    detail: { ...rateDetail(result), baselineP99Ms: reference.latencyMs.p99, rounds: context.rounds, ...detail },
  };
}

/** Fetches a path once to check it works and learn the size of its body. */
async function bodyBytes(server: RunningServer, path: string, contentType: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}${path}`);
  const body = await response.arrayBuffer();
  if (response.status !== 200 || !response.headers.get("content-type")?.startsWith(contentType)) {
    throw new Error(`${path} answered ${response.status} ${response.headers.get("content-type")}, expected 200 ${contentType}`);
  }
  return body.byteLength;
}

export interface PageSizes {
  homeBytes: number;
  styleBytes: number;
}

export async function pageSizes(app: RunningServer): Promise<PageSizes> {
  return { homeBytes: await bodyBytes(app, "/", "text/html"), styleBytes: await bodyBytes(app, `/style/${STYLE_SLUG}`, "text/html") };
}

export async function comparePages(context: MeasureContext, app: RunningServer, raw: RunningServer, sizes: PageSizes, label: string, targeted: boolean): Promise<ResultRow[]> {
  const target = targeted ? PAGE_RATIO_TARGET : undefined;
  return [
    await compareRate(
      context,
      `/ req/s ${label}`,
      { child: app.child, url: `${app.baseUrl}/`, label: `${label} /` },
      { child: raw.child, url: `${raw.baseUrl}/home`, label: `raw Bun.serve ${sizes.homeBytes} B` },
      target,
    ),
    await compareRate(
      context,
      `/style/:slug req/s ${label}`,
      { child: app.child, url: `${app.baseUrl}/style/${STYLE_SLUG}`, label: `${label} /style/${STYLE_SLUG}` },
      { child: raw.child, url: `${raw.baseUrl}/style`, label: `raw Bun.serve ${sizes.styleBytes} B` },
      target,
    ),
  ];
}

async function searchTotal(server: RunningServer): Promise<number> {
  const response = await fetch(`${server.baseUrl}${SEARCH_PATH}`);
  const page = (await response.json()) as { total?: number; results?: unknown[] };
  if (response.status !== 200 || !Array.isArray(page.results)) throw new Error(`${server.baseUrl}${SEARCH_PATH} answered ${response.status}`);
  return page.total ?? Number.NaN;
}

export async function compareSearchWithPeer(context: MeasureContext, app: RunningServer, peer: RunningServer, label: string): Promise<ResultRow> {
  const [appTotal, peerTotal] = [await searchTotal(app), await searchTotal(peer)];
  log(`${SEARCH_PATH}: app total ${appTotal}, peer total ${peerTotal}`);
  return compareRate(
    context,
    `/search?q=oil painting req/s ${label}`,
    { child: app.child, url: `${app.baseUrl}${SEARCH_PATH}`, label: `${label} /search` },
    { child: peer.child, url: `${peer.baseUrl}${SEARCH_PATH}`, label: "Python peer" },
    PEER_RATIO_TARGET,
    { appTotal, peerTotal },
  );
}

/**
 * p99 of /search with the query rotating over several style words: under the run's load (the target),
 * and from a single connection, where it is the service time with no queueing behind other requests.
 */
export async function measureSearchLatency(context: MeasureContext, app: RunningServer, label: string): Promise<ResultRow[]> {
  const paths = SEARCH_WORDS.map((word) => `/search?q=${encodeURIComponent(word)}`);
  const script = await writeRotatingPathsScript("search-words", paths);
  const rows: ResultRow[] = [];
  for (const connections of [context.settings.connections, 1]) {
    const settings = { ...context.settings, connections, threads: Math.min(context.settings.threads, connections) };
    const endpoint = { child: app.child, url: `${app.baseUrl}/search`, label: `${label} /search (${SEARCH_WORDS.length} queries, ${connections} conn.)` };
    const runs: WrkResult[] = [];
    for (let round = 0; round < context.rounds; round++) runs.push(await loadAlone(context, endpoint, round === 0, settings, script));
    const result = medianRun(runs, (run) => run.latencyMs.p99);
    rows.push({
      ...resultRow({
        metric: `/search p99 latency ${label}, ${SEARCH_WORDS.length} style words, ${connections} conn.`,
        value: result.latencyMs.p99,
        unit: "ms",
        target: connections === context.settings.connections ? { on: "value", comparison: "<", threshold: SEARCH_P99_TARGET_MS } : undefined,
        ...totals(runs),
      }),
      detail: { ...rateDetail(result), requestsPerSecond: result.requestsPerSecond, queries: SEARCH_WORDS, rounds: context.rounds },
    });
  }
  return rows;
}

/** /health is never cached and reads the gallery and queue counts, so its rate shows how those queries scale. */
export async function measureHealth(context: MeasureContext, app: RunningServer, label: string): Promise<ResultRow> {
  const result = await loadAlone(context, { child: app.child, url: `${app.baseUrl}/health`, label: `${label} /health` }, true);
  return {
    ...resultRow({ metric: `/health req/s ${label}`, value: result.requestsPerSecond, unit: "req/s", errors: result.errors, requests: result.requests }),
    detail: rateDetail(result),
  };
}

export async function peakRssRow(app: RunningServer, label: string): Promise<ResultRow> {
  return resultRow({ metric: `peak RSS under load ${label}`, value: await peakRssMiB(app.child.pid), unit: "MiB" });
}

/** Spawn to first /health 200, `runs` times; the row's value is the median. */
export async function measureBootTime(group: ProcessGroup, database: SyntheticDatabase, runs: number, appRoot: string): Promise<ResultRow> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const app = await startApp(group, `boot-${database.shape.label}-${run}`, { appRoot, dataDir: database.dataDir, responseCache: true });
    samples.push(app.readyMs);
    await group.stop(app.child);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  log(`boot to /health at ${database.shape.label}: ${samples.map((ms) => ms.toFixed(0)).join(", ")} ms`);
  return {
    ...resultRow({
      metric: `start to first /health 200, ${database.shape.label} renders (median of ${runs})`,
      value: median,
      unit: "ms",
      target: { on: "value", comparison: "<", threshold: BOOT_TARGET_MS },
    }),
    detail: { samplesMs: samples },
  };
}
