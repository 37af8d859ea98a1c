// The HTTP server (ROLE=all or web): migrate → listen → worker pool when ROLE=all (and the default catalogue on
// an empty gallery); graceful shutdown on SIGTERM/SIGINT lets in-flight renders finish, then hands the rest back.
import { createApp } from "./app";
import { openDataOrExit } from "./cli/open-data";
import type { Config } from "./config";
import { paintCatalogueIfEmpty } from "./generation/catalogue-start";
import { createGenerationEngine } from "./generation/engine";
import { refundStep } from "./features/billing/ledger";
import { listenWithEarlyCacheHits } from "./http/early-cache-hits";
import { createResponseCache } from "./http/response-cache";
import { galleryVersionSource } from "./http/gallery-version-source";
import { log } from "./log";
import { startupWarnings } from "./startup-warnings";
import { exitWithParent, isWebCopy, startWebCopies, stopWebCopies } from "./web-processes";
import { startUploadSweeper } from "./features/studio/upload-sweep";
import { startWebhookSweeper } from "./features/webhooks/deliveries";

const SHUTDOWN_GRACE_MS = 20_000;

export async function runWebServer(config: Config): Promise<void> {
  const { data, close } = await openDataOrExit(config);
  const webCopy = isWebCopy();
  // Web copies and ROLE=web only queue work; the worker processes (or the first process of ROLE=all) render it.
  const rendersHere = !webCopy && config.role === "all";
  const engine = rendersHere ? createGenerationEngine(data, config, { onFailed: refundStep }) : undefined;
  const cache = createResponseCache(galleryVersionSource(data), config);
  const app = createApp({ config, data, engine, cache });
  // reusePort lets several processes bind the same port; the kernel balances new connections between them.
  listenWithEarlyCacheHits(app, cache, config, { port: config.port, hostname: config.host, reusePort: config.webConcurrency > 1 });
  if (webCopy) {
    exitWithParent();
    log.info(`AI Gallery web process ${process.pid} listening on port ${app.server?.port}`);
  } else {
    const processes = config.webConcurrency > 1 ? ` in ${config.webConcurrency} processes` : "";
    const role = config.role === "web" ? " (ROLE=web: rendering is left to worker processes)" : "";
    log.info(`AI Gallery listening on http://${config.host}:${app.server?.port} as ${config.baseUrl} (${config.env}, data in ${config.dataDir})${processes}${role}`);
    for (const line of startupWarnings(config)) log.info(line);
  }
  const webCopies = webCopy ? [] : startWebCopies(config.webConcurrency - 1);

  // One sweeper per server: web copies share the main process's database and files.
  const stopUploadSweeper = webCopy ? () => {} : startUploadSweeper(data, config);
  // Webhooks go out from the processes that render (ROLE=all here, else the worker processes), not from every web process.
  const webhookSweeper = engine ? startWebhookSweeper(data, config) : null;
  if (engine) {
    engine.pool.start();
    paintCatalogueIfEmpty(data, config, () => engine.pool.wake()).catch((error: unknown) => {
      // As when this step was synchronous: a database that cannot take the catalogue stops the start.
      log.error("planning the default catalogue failed", error);
      process.exit(1);
    });
  }

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight renders (up to ${SHUTDOWN_GRACE_MS / 1000} s), then stopping.`);
    stopUploadSweeper();
    const draining = engine?.pool.stop(SHUTDOWN_GRACE_MS);
    const copiesStopped = stopWebCopies(webCopies, "SIGTERM", 5_000);
    // Open event streams (live progress) would keep a graceful stop waiting forever: close them after a moment.
    const stoppedGracefully = await Promise.race([app.stop().then(() => true), Bun.sleep(2_000).then(() => false)]);
    if (!stoppedGracefully) app.server?.stop(true);
    await Promise.all([draining, copiesStopped, webhookSweeper?.stop()]);
    await close();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
