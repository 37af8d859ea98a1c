// Boot: config → migrate → listen → worker pool (and the default catalogue on an empty gallery);
// graceful shutdown on SIGTERM/SIGINT lets in-flight renders finish, then hands the rest back.
import { createApp } from "./app";
import { loadConfigOrExit, openMigratedDatabase } from "./cli/open-data";
import { planCatalogue } from "./generation/catalogue";
import { createGenerationEngine } from "./generation/engine";
import { refundFailedRender } from "./features/billing/ledger";
import { log } from "./log";
import { startupWarnings } from "./startup-warnings";

const SHUTDOWN_GRACE_MS = 20_000;

const config = loadConfigOrExit();
const { sqlite, db } = openMigratedDatabase(config);
const engine = createGenerationEngine(sqlite, config, { onFailed: refundFailedRender });
const app = createApp({ config, sqlite, db, engine });
app.listen({ port: config.port, hostname: config.host });
log.info(`AI Gallery listening on http://${config.host}:${app.server?.port} as ${config.baseUrl} (${config.env}, data in ${config.dataDir})`);
for (const line of startupWarnings(config)) log.info(line);

engine.pool.start();
if (config.seedOnStart && config.providers.localEnabled && !sqlite.query("SELECT 1 FROM renders LIMIT 1").get()) {
  const run = planCatalogue(sqlite);
  if (run) log.info(`Empty gallery: rendering the default catalogue (${run.renderIds.length} images) in the background.`);
  engine.pool.wake();
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: finishing in-flight renders (up to ${SHUTDOWN_GRACE_MS / 1000} s), then stopping.`);
  const draining = engine.pool.stop(SHUTDOWN_GRACE_MS);
  // Open event streams (live progress) would keep a graceful stop waiting forever: close them after a moment.
  const stoppedGracefully = await Promise.race([app.stop().then(() => true), Bun.sleep(2_000).then(() => false)]);
  if (!stoppedGracefully) app.server?.stop(true);
  await draining;
  sqlite.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
