// Wires the queue and the worker pool from Config: what the server and the CLI commands start.
import type { Database } from "bun:sqlite";
import type { Config } from "../config";
import { createWorkerPool, type PoolOptions } from "./pool";
import { enabledModels } from "./providers/registry";
import { createRenderQueue, type QueueSettings, type SettlementHook } from "./queue";

export function queueSettings(config: Config): QueueSettings {
  return {
    concurrency: config.generation.concurrency,
    maxAttempts: config.generation.maxAttempts,
    leaseMs: config.generation.leaseMs,
    backoffBaseMs: config.generation.backoffBaseMs,
    backoffMaxMs: config.generation.backoffMaxMs,
  };
}

export function createGenerationEngine(sqlite: Database, config: Config, options: { onFailed?: SettlementHook; onSettled?: PoolOptions["onSettled"] } = {}) {
  const queue = createRenderQueue(sqlite, queueSettings(config), options.onFailed);
  const pool = createWorkerPool({
    sqlite,
    queue,
    models: enabledModels(config).map((model) => model.key),
    settings: {
      openaiApiKey: config.providers.openaiApiKey,
      openaiBaseUrl: config.providers.openaiBaseUrl,
      replicateApiToken: config.providers.replicateApiToken,
      replicateBaseUrl: config.providers.replicateBaseUrl,
      timeoutMs: config.generation.providerTimeoutMs,
      pollIntervalMs: config.generation.pollIntervalMs,
    },
    imagesDir: config.imagesDir,
    dataDir: config.dataDir,
    slots: config.generation.concurrency,
    idlePollMs: config.generation.idlePollMs,
    onSettled: options.onSettled,
  });
  return { queue, pool };
}

export type GenerationEngine = ReturnType<typeof createGenerationEngine>;
