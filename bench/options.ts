// Command-line flags of `bun run bench`, parsed and checked once.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DATASET_SHAPES, type DatasetShape } from "./dataset-shape";
import type { LoadSettings } from "./wrk";

export interface BenchOptions {
  load: LoadSettings;
  shapes: DatasetShape[];
  /** Alternating baseline/app runs per comparison, median kept. */
  rounds: number;
  bootRuns: number;
  rebuild: boolean;
  /** The checkout whose `src/index.ts` is measured; this one unless --app-root names another (an A/B of a change). */
  appRoot: string;
  /** Upper bound of the fresh-clone start measurement (seconds); 0 skips it. */
  freshStartSeconds: number;
  /** Skip the image post-processing and worker pool measurements. */
  skipGeneration: boolean;
}

export const USAGE = `bun run bench [flags]
  --duration N      seconds of load per measurement (default 5)
  --connections N   wrk connections (default 32)
  --threads N       wrk threads (default 1)
  --warmup N        seconds of warm-up load before the first run of each measurement (default 1, 0 to skip)
  --rounds N        alternating baseline/app runs per comparison, median kept (default 3)
  --sizes LIST      datasets, any of 10k,100k,1m (default all three)
  --boot-runs N     start-up timings to take the median of (default 5)
  --rebuild         rebuild the synthetic databases even if cached
  --app-root DIR    measure the app in another checkout (same migrations), e.g. to compare a change
  --fresh-start N   give the fresh clone → first page → first screen → whole catalogue run at most N s
                    (default 900; 0 skips it)
  --skip-generation leave out the image post-processing and worker pool measurements
  --quick           shorthand for --duration 2 --rounds 1 --sizes 10k,100k --boot-runs 3 --fresh-start 0
  --help`;

function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string" },
      connections: { type: "string" },
      threads: { type: "string" },
      warmup: { type: "string" },
      sizes: { type: "string" },
      "boot-runs": { type: "string" },
      rounds: { type: "string" },
      rebuild: { type: "boolean", default: false },
      "app-root": { type: "string" },
      quick: { type: "boolean", default: false },
      "fresh-start": { type: "string" },
      "skip-generation": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const quick = values.quick;
  const sizes = (values.sizes ?? (quick ? "10k,100k" : "10k,100k,1m")).split(",").map((size) => size.trim().toLowerCase());
  const shapes = sizes.map((size) => {
    const shape = DATASET_SHAPES[size];
    if (!shape) throw new Error(`--sizes: unknown size "${size}" (use ${Object.keys(DATASET_SHAPES).join(", ")})`);
    return shape;
  });
  const appRoot = values["app-root"];
  if (appRoot !== undefined && !existsSync(join(appRoot, "src", "index.ts"))) throw new Error(`--app-root: no src/index.ts in ${appRoot}`);
  const connections = wholeNumber("connections", values.connections, 32, 1, 10_000);
  return {
    load: {
      durationSeconds: wholeNumber("duration", values.duration, quick ? 2 : 5, 1, 600),
      connections,
      threads: wholeNumber("threads", values.threads, 1, 1, connections),
      warmupSeconds: wholeNumber("warmup", values.warmup, 1, 0, 60),
    },
    shapes,
    rounds: wholeNumber("rounds", values.rounds, quick ? 1 : 3, 1, 20),
    bootRuns: wholeNumber("boot-runs", values["boot-runs"], quick ? 3 : 5, 1, 50),
    rebuild: values.rebuild,
    appRoot: resolve(appRoot ?? join(import.meta.dir, "..")),
    freshStartSeconds: wholeNumber("fresh-start", values["fresh-start"], quick ? 0 : 900, 0, 3600),
    skipGeneration: values["skip-generation"],
  };
}
