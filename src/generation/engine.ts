// Wires the queue and the worker pool from Config: what the server and the CLI commands start.
import type { Config } from "../config";
import type { Data } from "../db/data";
import { createModelHealth, deadModelKeys, offeredModels } from "./models/availability";
import { isRetired } from "./models/model-entry";
import { createWorkerPool, type PoolModels, type PoolOptions } from "./pool";
import { findProvider } from "./providers/registry";
import type { ProviderSettings } from "./providers/types";
import { createRenderQueue, type QueueSettings, type SettlementHook } from "./queue";
import { log } from "../log";

export function queueSettings(config: Config): QueueSettings {
  return {
    concurrency: config.generation.concurrency,
    maxAttempts: config.generation.maxAttempts,
    leaseMs: config.generation.leaseMs,
    backoffBaseMs: config.generation.backoffBaseMs,
    backoffMaxMs: config.generation.backoffMaxMs,
  };
}

/** The pool's view of the catalogue, with the provider's "model not found" remembered in `health`. */
export function poolModels(config: Config, health: ReturnType<typeof createModelHealth>): PoolModels {
  return {
    runnable: () => offeredModels(config, health).map((model) => model.key),
    dead: () => deadModelKeys(config, health),
    deadReason(key) {
      const model = config.models.find(key);
      const replacement = model?.replaced_by ? config.models.find(model.replaced_by) : undefined;
      const why = health.disabledReason(key)
        ? "its provider no longer offers it"
        : model && isRetired(model)
          ? `it was retired on ${model.retired_at!.slice(0, 10)}`
          : "it is no longer offered here";
      return `Not rendered: ${model?.label ?? key} ${why}${replacement ? ` (use ${replacement.label})` : ""}. Your credits were refunded.`;
    },
    resolve(key) {
      const model = config.models.find(key);
      const provider = model ? findProvider(model.provider) : undefined;
      return model && provider ? { model, providerModule: provider.module } : undefined;
    },
    markUnavailable(key, reason) {
      if (health.disable(key, reason)) log.error(`model ${key} disabled: the provider no longer offers it (${reason})`);
    },
  };
}

export function providerSettings(config: Config): ProviderSettings {
  return {
    byProvider: config.providers,
    timeoutMs: config.generation.providerTimeoutMs,
    pollIntervalMs: config.generation.pollIntervalMs,
  };
}

export function createGenerationEngine(data: Data, config: Config, options: { onFailed?: SettlementHook; onSettled?: PoolOptions["onSettled"] } = {}) {
  const queue = createRenderQueue(data, queueSettings(config), options.onFailed);
  const health = createModelHealth();
  const pool = createWorkerPool({
    data,
    queue,
    models: poolModels(config, health),
    settings: providerSettings(config),
    store: config.storage,
    fileLabel: { baseUrl: config.baseUrl, license: config.licenseSpdx },
    slots: config.generation.concurrency,
    idlePollMs: config.generation.idlePollMs,
    onSettled: options.onSettled,
  });
  return { queue, pool, health };
}

export type GenerationEngine = ReturnType<typeof createGenerationEngine>;
