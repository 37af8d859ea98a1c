// Turns measurements into rows (value, baseline, ratio, target, met?), prints them as a table and writes bench/results/.
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export interface Target {
  /** What the target is checked against: the ratio to the baseline, or the value itself. */
  on: "ratio" | "value";
  comparison: ">=" | "<";
  threshold: number;
}

export interface ResultRow {
  metric: string;
  value: number;
  unit: string;
  baseline: { label: string; value: number } | null;
  ratio: number | null;
  target: Target | null;
  /** Null when the row has no target. */
  met: boolean | null;
  /** Why the row is not a clean measurement (failed requests, skipped), if it is not. */
  note?: string;
  /** Extra numbers kept in the JSON only (latency percentiles, samples, totals). */
  detail?: Record<string, unknown>;
}

export interface RunReport {
  startedAt: string;
  finishedAt: string;
  settings: Record<string, unknown>;
  datasets: { label: string; renders: number; styles: number; buildSeconds: number; reused: boolean }[];
  rows: ResultRow[];
}

const RESULTS_DIR = join(import.meta.dir, "results");

function check(target: Target | null, value: number, ratio: number | null): boolean | null {
  if (!target) return null;
  const subject = target.on === "ratio" ? ratio : value;
  if (subject === null || !Number.isFinite(subject)) return false;
  return target.comparison === ">=" ? subject >= target.threshold : subject < target.threshold;
}

export function resultRow(row: {
  metric: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  target?: Target;
  errors?: number;
  /** Requests that completed; zero means the server never answered in time, so the value means nothing. */
  requests?: number;
}): ResultRow {
  const baseline = row.baseline ?? null;
  const ratio = baseline && baseline.value > 0 ? row.value / baseline.value : null;
  const target = row.target ?? null;
  const clean = !row.errors && row.requests !== 0;
  return {
    metric: row.metric,
    value: row.value,
    unit: row.unit,
    baseline,
    ratio,
    target,
    met: clean ? check(target, row.value, ratio) : target ? false : null,
    ...(clean ? {} : { note: row.requests === 0 ? "no request completed" : `${row.errors} failed requests` }),
  };
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function describeTarget(target: Target | null): string {
  if (!target) return "—";
  return `${target.on === "ratio" ? "ratio" : "value"} ${target.comparison} ${target.threshold}`;
}

function cells(row: ResultRow): string[] {
  return [
    row.metric,
    `${formatNumber(row.value)} ${row.unit}`,
    row.baseline ? `${formatNumber(row.baseline.value)} (${row.baseline.label})` : "—",
    row.ratio === null ? "—" : `${formatNumber(row.ratio)}×`,
    describeTarget(row.target),
    (row.met === null ? "—" : row.met ? "yes" : "NO") + (row.note ? ` (${row.note})` : ""),
  ];
}

const HEADER = ["metric", "value", "baseline", "ratio", "target", "met?"];

export function formatTable(rows: ResultRow[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => value.padEnd(widths[column]!)).join("  ").trimEnd();
  return [line(HEADER), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map((row) => line(cells(row)))].join("\n");
}

function formatMarkdown(report: RunReport): string {
  const escape = (value: string) => value.replaceAll("|", "\\|");
  const table = [
    `| ${HEADER.join(" | ")} |`,
    `| ${HEADER.map(() => "---").join(" | ")} |`,
    ...report.rows.map((row) => `| ${cells(row).map(escape).join(" | ")} |`),
  ];
  const datasets = report.datasets.map(
    (dataset) =>
      `- ${dataset.label}: ${dataset.renders.toLocaleString("en-US")} renders, ${dataset.styles} styles, ` +
      `built in ${dataset.buildSeconds.toFixed(1)} s${dataset.reused ? " (cached copy from an earlier run)" : ""}`,
  );
  return [
    "# Benchmark results",
    "",
    `Run ${report.startedAt} → ${report.finishedAt}. Settings: \`${JSON.stringify(report.settings)}\``,
    "",
    ...datasets,
    "",
    ...table,
    "",
  ].join("\n");
}

/** Writes latest.json, latest.md and a timestamped JSON copy; returns the paths written. */
export async function writeReport(report: RunReport): Promise<string[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, "-");
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const paths = [join(RESULTS_DIR, "latest.json"), join(RESULTS_DIR, `${stamp}.json`), join(RESULTS_DIR, "latest.md")];
  await Bun.write(paths[0]!, json);
  await Bun.write(paths[1]!, json);
  await Bun.write(paths[2]!, `${formatMarkdown(report)}${await webSection(paths[2]!)}`);
  return paths;
}

/** `bun run bench:web` keeps its own section in latest.md; a server bench run must not drop it. */
async function webSection(latestPath: string): Promise<string> {
  const file = Bun.file(latestPath);
  if (!(await file.exists())) return "";
  const section = /<!-- bench:web -->[\s\S]*<!-- \/bench:web -->/.exec(await file.text());
  return section ? `\n${section[0]}\n` : "";
}
