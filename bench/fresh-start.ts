// Fresh clone → first page → first screen painted → whole catalogue: `bun run start` (development, as a new user
// runs it) in a copy of the committed tree with no built assets, on an empty DATA_DIR, polled until each is true.
// - first page: /health answers 200 (assets built, database migrated, listening);
// - first screen: the home page's prompts × styles table is full (SHOWCASE_ROWS × SHOWCASE_COLUMNS cells, none
//   empty), what a visitor sees first on a wide screen;
// - whole catalogue: nothing pending or running and public renders exist.
// Bounded: gives up after `timeoutSeconds` and reports what it reached. Alone: bun bench/fresh-start.ts [SECONDS]
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { freePort, ProcessGroup, waitForOk } from "./processes";
import { resultRow, type ResultRow } from "./report";

const ROOT = join(import.meta.dir, "..");
const WORK_DIR = join(import.meta.dir, ".work", "fresh-start");
const POLL_MS = 250;
// The home page's table: 4 prompts × 6 styles (src/features/gallery/index.ts).
const SHOWCASE_ROWS = 4;
const SHOWCASE_COLUMNS = 6;

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** The committed tree, as `git clone` would give it (no public/ assets, no data), sharing node_modules. */
async function freshCopy(): Promise<string> {
  rmSync(WORK_DIR, { recursive: true, force: true });
  const tree = join(WORK_DIR, "clone");
  mkdirSync(tree, { recursive: true });
  const archive = Bun.spawn(["sh", "-c", `git -C "${ROOT}" archive HEAD | tar -x -C "${tree}"`], { stdout: "ignore", stderr: "pipe" });
  if ((await archive.exited) !== 0) throw new Error(`git archive failed: ${await new Response(archive.stderr).text()}`);
  symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"));
  return tree;
}

/** Filled and empty cells of the home page's showcase table, and its size. */
export function showcaseProgress(html: string): { rows: number; columns: number; filled: number; empty: number } {
  const start = html.indexOf("data-showcase");
  if (start === -1) return { rows: 0, columns: 0, filled: 0, empty: 0 };
  const table = html.slice(start, html.indexOf("</table>", start));
  const count = (pattern: RegExp) => (table.match(pattern) ?? []).length;
  return {
    rows: count(/<th scope="row"/g),
    columns: count(/<th scope="col"/g) - 1,
    filled: count(/<td[^>]*>\s*<a href="\/r\//g),
    empty: count(/<td[^>]*>\s*<div class="aspect-square/g),
  };
}

function firstScreenDone(html: string): boolean {
  const progress = showcaseProgress(html);
  return progress.rows >= SHOWCASE_ROWS && progress.columns >= SHOWCASE_COLUMNS && progress.empty === 0 && progress.filled >= SHOWCASE_ROWS * SHOWCASE_COLUMNS;
}

export async function measureFreshStart(group: ProcessGroup, timeoutSeconds: number): Promise<ResultRow[]> {
  const tree = await freshCopy();
  const port = freePort();
  const dataDir = join(WORK_DIR, "data");
  const startedAt = performance.now();
  const child = group.spawn("fresh-start", ["bun", "run", "start"], {
    cwd: tree,
    env: { NODE_ENV: "development", PORT: String(port), DATA_DIR: dataDir, LOCAL_PROVIDER: "1", SEED_ON_START: "1", HOST: "127.0.0.1" },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = startedAt + timeoutSeconds * 1000;
  const seconds = (at: number | undefined) => (at === undefined ? Number.NaN : (at - startedAt) / 1000);
  let firstPage: number | undefined;
  let firstScreen: number | undefined;
  let catalogue: number | undefined;
  let renders = 0;
  try {
    firstPage = startedAt + (await waitForOk(`${baseUrl}/health`, child, { startedAt, timeoutMs: timeoutSeconds * 1000, intervalMs: 20 }));
    log(`fresh start: first page after ${seconds(firstPage).toFixed(1)} s`);
    while (performance.now() < deadline && catalogue === undefined) {
      if (firstScreen === undefined && firstScreenDone(await (await fetch(`${baseUrl}/`)).text())) {
        firstScreen = performance.now();
        log(`fresh start: first screen painted after ${seconds(firstScreen).toFixed(1)} s`);
      }
      const health = (await (await fetch(`${baseUrl}/health`)).json()) as { counts: { public_renders: number }; queue: { pending: number; running: number } };
      renders = health.counts.public_renders;
      if (health.queue.pending === 0 && health.queue.running === 0 && renders > 0) {
        catalogue = performance.now();
        log(`fresh start: whole catalogue (${renders} renders) after ${seconds(catalogue).toFixed(1)} s`);
      }
      await Bun.sleep(POLL_MS);
    }
  } finally {
    await group.stop(child);
  }
  const row = (metric: string, at: number | undefined, detail?: Record<string, unknown>): ResultRow => {
    const result = resultRow({ metric, value: Number(seconds(at).toFixed(1)), unit: "s" });
    const withDetail = detail ? { ...result, detail } : result;
    return at === undefined ? { ...withDetail, note: `not reached within ${timeoutSeconds} s` } : withDetail;
  };
  return [
    row("fresh clone: bun run start → first page (/health 200)", firstPage),
    row(`fresh clone: → first screen of / painted (${SHOWCASE_ROWS}×${SHOWCASE_COLUMNS} table full)`, firstScreen),
    row("fresh clone: → whole offline catalogue painted", catalogue, { renders }),
  ];
}

if (import.meta.main) {
  const group = new ProcessGroup();
  try {
    for (const row of await measureFreshStart(group, Number(process.argv[2] ?? 900))) {
      console.log(`${row.metric}: ${row.value} ${row.unit}${row.note ? ` (${row.note})` : ""}`);
    }
  } finally {
    await group.stopAll();
  }
}
