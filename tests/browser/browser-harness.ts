// Starts the real server on a temp DATA_DIR and Debian's Chromium (playwright-core, no downloaded browsers).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = join(import.meta.dir, "..", "..", "test-output", "screenshots");

/** On CI Chromium is installed by .ci/run, so its absence is a failure there and a skip elsewhere. */
export const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run should have installed Debian's chromium`);

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port!;
  probe.stop(true);
  return port;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "gallery-browser-"));
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = Bun.spawn(["bun", "src/index.ts"], {
    env: { ...process.env, NODE_ENV: "development", DATA_DIR: dataDir, PORT: String(port), BASE_URL: baseUrl, SEED_ON_START: "0", GENERATION_IDLE_POLL_MS: "50", ...env },
    stdout: "ignore",
    stderr: "inherit",
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error("server did not start");
    }
    await Bun.sleep(50);
  }
  return {
    baseUrl,
    dataDir,
    async stop() {
      child.kill("SIGTERM");
      await Promise.race([child.exited, Bun.sleep(5_000)]);
      child.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Renders a small real gallery (local provider) into the server's database through the matrix CLI. */
export async function renderGallery(dataDir: string, prompts: string[], styles: string[], models: string[]): Promise<void> {
  const child = Bun.spawn(["bun", "scripts/matrix.ts", "--prompts", prompts.join(","), "--styles", styles.join(","), "--models", models.join(",")], {
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" },
    stdout: "ignore",
    stderr: "inherit",
  });
  if ((await child.exited) !== 0) throw new Error("matrix CLI failed");
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
