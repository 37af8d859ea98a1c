// Search's own cost, in process, on the synthetic galleries: each kind of query (style, subject, model, mixed, filtered, newest, a miss).
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client";
import { sqliteData } from "../src/db/data";
import { nearestCatalogueEntries, searchRenders, type SearchParams } from "../src/features/gallery/search";
import { DATASET_SHAPES } from "./dataset-shape";
import { ensureSyntheticDatabase } from "./synthetic-db";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "10k,1m" }, runs: { type: "string", default: "200" }, rebuild: { type: "boolean", default: false } },
});

const QUERIES: { label: string; params: Omit<SearchParams, "offset" | "limit"> }[] = [
  { label: "style: oil painting", params: { q: "oil painting" } },
  { label: "style word: neon", params: { q: "neon" } },
  { label: "subject: fox", params: { q: "fox" } },
  { label: "subject: lighthouse", params: { q: "lighthouse" } },
  { label: "style + subject: fox watercolor", params: { q: "fox watercolor" } },
  { label: "model name: flux", params: { q: "flux" } },
  { label: "subject + model filter: fox, local:paint", params: { q: "fox", model: "local:paint" } },
  { label: "style + model filter: oil painting, local:paint", params: { q: "oil painting", model: "local:paint" } },
  { label: "newest: oil painting", params: { q: "oil painting", sort: "newest" } },
  { label: "newest: fox", params: { q: "fox", sort: "newest" } },
  { label: "model only: local:paint", params: { q: "", model: "local:paint" } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function time(runs: number, action: () => Promise<unknown>): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < 5; i++) await action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await action();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: percentile(samples, 50), p99: percentile(samples, 99) };
}

const runs = Number(values.runs);
for (const size of values.sizes!.split(",")) {
  const shape = DATASET_SHAPES[size];
  if (!shape) throw new Error(`unknown size ${size}`);
  const database = ensureSyntheticDatabase(shape, { rebuild: values.rebuild! });
  console.log(`\n${size}: ${database.renders} renders (database ${database.reused ? "reused" : `built in ${database.buildSeconds.toFixed(1)} s`})`);
  const { sqlite } = openDatabase(database.dbPath);
  const data = sqliteData(sqlite);
  console.log("query".padEnd(52), "total".padStart(8), "page 1 ms (median / p99)".padStart(26), "page 20 ms (median / p99)".padStart(27));
  for (const { label, params } of QUERIES) {
    const first = await searchRenders(data, { ...params, offset: 0, limit: 30 });
    const page1 = await time(runs, () => searchRenders(data, { ...params, offset: 0, limit: 30 }));
    const later = await time(runs, () => searchRenders(data, { ...params, offset: 570, limit: 30, cursor: first.cursor }));
    const format = (t: { median: number; p99: number }) => `${t.median.toFixed(2)} / ${t.p99.toFixed(2)}`;
    console.log(label.padEnd(52), String(first.total).padStart(8), format(page1).padStart(26), format(later).padStart(27));
  }
  const miss = await time(runs, () => nearestCatalogueEntries(data, "lighthose"));
  console.log("suggestions for a miss: lighthose".padEnd(52), "".padStart(8), `${miss.median.toFixed(2)} / ${miss.p99.toFixed(2)}`.padStart(26));
  sqlite.close();
}
