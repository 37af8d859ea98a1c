// Starts the real server on a temp DATA_DIR and Debian's Chromium (playwright-core, no downloaded browsers).
import { afterAll, beforeAll } from "bun:test";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { makeDataDir } from "../helpers/generation";
import { installNetworkGuard } from "../helpers/network-guard";
import { spawnMatrixCli, spawnServer } from "../helpers/processes";

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

/**
 * The real server in development mode (dev sign-in, dev checkout, local provider) behind the network guard.
 * Its stderr is echoed, so an error the app logs during a browser test shows in the run.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const guard = installNetworkGuard();
  const dataDir = makeDataDir();
  const server = spawnServer(dataDir, { NODE_ENV: "development", GENERATION_IDLE_POLL_MS: "50", ...env }, { echoStderr: true });
  try {
    await server.ready();
  } catch (error) {
    await server.kill();
    guard.uninstall();
    throw error;
  }
  return {
    baseUrl: server.baseUrl,
    dataDir,
    async stop() {
      server.proc.kill("SIGTERM");
      await Promise.race([server.proc.exited, Bun.sleep(5_000)]);
      await server.kill();
      guard.uninstall();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Renders a small real gallery (local provider) into the server's database through the matrix CLI; with
 * `baselines` also each prompt × model with no style, so the styles get a measured strength.
 */
export async function renderGallery(dataDir: string, prompts: string[], styles: string[], models: string[], options: { baselines?: boolean } = {}): Promise<void> {
  const args = ["--prompts", prompts.join(","), "--styles", styles.join(","), "--models", models.join(","), ...(options.baselines ? ["--baselines"] : [])];
  const cli = spawnMatrixCli(dataDir, args, { NODE_ENV: "development" });
  if ((await cli.exited(60_000)) !== 0) throw new Error(`matrix CLI failed:\n${cli.output()}`);
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface BrowserGallery {
  server: RunningServer;
  browser: Browser;
}

/**
 * One server with a small painted gallery (see renderGallery) and one browser for a test file: started before its
 * tests, stopped after them. Read `server` and `browser` inside tests, once the hooks have run.
 */
export function useBrowserGallery(gallery: {
  prompts: string[];
  styles: string[];
  models: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}): BrowserGallery {
  const running = {} as BrowserGallery;
  beforeAll(async () => {
    if (!browserAvailable) return;
    running.server = await startServer(gallery.env);
    await renderGallery(running.server.dataDir, gallery.prompts, gallery.styles, gallery.models);
    running.browser = await launchBrowser();
  }, gallery.timeoutMs ?? 120_000);
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  return running;
}
