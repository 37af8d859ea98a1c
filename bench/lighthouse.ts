// Lighthouse 12 (mobile preset, simulated throttling) against a local server, run through its CLI with Debian's Chromium.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const LIGHTHOUSE_VERSION = "12.2.3";
const INSTALL_DIR = join(import.meta.dir, ".work", "lighthouse");
const REPORT_DIR = join(import.meta.dir, ".work", "lighthouse-reports");
const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

export interface LighthouseRun {
  scores: Record<(typeof CATEGORIES)[number], number>;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Audits below a perfect score, for the report's "what is left" notes. */
  failing: string[];
}

/**
 * Lighthouse 13 needs Node 22; this machine has Node 20, so 12.2.3 is installed (pinned, outside the app's
 * lockfile, since it is a measuring tool and not a dependency of the app) on first use.
 */
export async function ensureLighthouse(): Promise<string> {
  const bin = join(INSTALL_DIR, "node_modules", "lighthouse", "cli", "index.js");
  if (existsSync(bin)) return bin;
  mkdirSync(INSTALL_DIR, { recursive: true });
  if (!existsSync(join(INSTALL_DIR, "package.json"))) await Bun.write(join(INSTALL_DIR, "package.json"), '{ "private": true }\n');
  const install = Bun.spawn(["npm", "i", "-E", `lighthouse@${LIGHTHOUSE_VERSION}`, "--no-audit", "--no-fund"], {
    cwd: INSTALL_DIR,
    stdout: "ignore",
    stderr: "pipe",
  });
  if ((await install.exited) !== 0) throw new Error(`npm i lighthouse@${LIGHTHOUSE_VERSION} failed: ${await new Response(install.stderr).text()}`);
  return bin;
}

export async function runLighthouse(bin: string, url: string, name: string): Promise<LighthouseRun> {
  if (new URL(url).hostname !== "127.0.0.1") throw new Error(`Lighthouse runs only against 127.0.0.1, not ${url}`);
  mkdirSync(REPORT_DIR, { recursive: true });
  const output = join(REPORT_DIR, `${name}.json`);
  const child = Bun.spawn(
    [
      "node",
      bin,
      url,
      "--output=json",
      `--output-path=${output}`,
      `--only-categories=${CATEGORIES.join(",")}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
      "--quiet",
    ],
    { env: { ...process.env, CHROME_PATH }, stdout: "ignore", stderr: "pipe" },
  );
  const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
  const code = await child.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`lighthouse exited with ${code} on ${url}: ${(await new Response(child.stderr).text()).slice(-2000)}`);
  return readReport(output);
}

interface LighthouseJson {
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; title: string; scoreDisplayMode: string }>;
}

function readReport(path: string): LighthouseRun {
  const report = JSON.parse(readFileSync(path, "utf8")) as LighthouseJson;
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((report.categories[id]?.score ?? 0) * 100)])) as LighthouseRun["scores"];
  const failing = new Set<string>();
  for (const id of CATEGORIES) {
    for (const ref of report.categories[id]?.auditRefs ?? []) {
      const audit = report.audits[ref.id];
      if (!audit || audit.score === null || audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "notApplicable") continue;
      if (audit.score < 0.9 && (ref.weight > 0 || id !== "performance")) failing.add(`${ref.id} (${Math.round(audit.score * 100)})`);
    }
  }
  return {
    scores,
    lcpMs: report.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN,
    tbtMs: report.audits["total-blocking-time"]?.numericValue ?? Number.NaN,
    cls: report.audits["cumulative-layout-shift"]?.numericValue ?? Number.NaN,
    failing: [...failing],
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
