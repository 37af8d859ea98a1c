// ROLE=worker: the worker pool on the shared database and image store, and /health on WORKER_HEALTH_PORT;
// no pages, no API. SIGTERM lets in-flight renders finish (bounded), then hands the rest back to the queue.
import { openDataOrExit } from "./cli/open-data";
import type { Config } from "./config";
import { paintCatalogueIfEmpty } from "./generation/catalogue-start";
import { createGenerationEngine } from "./generation/engine";
import { queueStats } from "./generation/queue";
import { refundStep } from "./features/billing/ledger";
import { startWebhookSweeper } from "./features/webhooks/deliveries";
import { webhookSettlementStep } from "./features/webhooks/events";
import { log } from "./log";

const SHUTDOWN_GRACE_MS = 20_000;

export async function runWorkerProcess(config: Config): Promise<void> {
  const { data, close } = await openDataOrExit(config);
  const engine = createGenerationEngine(data, config, { onFailed: refundStep });
  // Renders settle here, so their webhook events are queued here; several workers share the sweep (deliveries are claimed).
  engine.queue.addSettlementListener(webhookSettlementStep(config));
  const health = Bun.serve({
    port: config.workerHealthPort,
    hostname: config.host,
    async fetch(request) {
      if (new URL(request.url).pathname !== "/health") return Response.json({ error: "A worker process serves /health only." }, { status: 404 });
      try {
        return Response.json({ status: "ok", role: "worker", database: "ok", queue: await queueStats(data), inFlight: engine.pool.inFlight(), pid: process.pid });
      } catch (error) {
        log.error("health check: database unreachable", error);
        return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
      }
    },
  });
  log.info(`AI Gallery worker ${process.pid}: ${config.generation.concurrency} slots on ${config.database.kind === "sqlite" ? config.dataDir : "PostgreSQL"}, /health on http://${config.host}:${health.port}`);
  engine.pool.start();
  const webhookSweeper = startWebhookSweeper(data, config);
  paintCatalogueIfEmpty(data, config, () => engine.pool.wake()).catch((error: unknown) => {
    // As when this step was synchronous: a database that cannot take the catalogue stops the start.
    log.error("planning the default catalogue failed", error);
    process.exit(1);
  });

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing in-flight renders (up to ${SHUTDOWN_GRACE_MS / 1000} s), then stopping.`);
    await Promise.all([engine.pool.stop(SHUTDOWN_GRACE_MS), webhookSweeper.stop()]);
    health.stop(true);
    await close();
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
