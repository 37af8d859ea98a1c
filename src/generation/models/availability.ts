// Which models may be offered, queued and run right now: the catalogue's word (enabled, retired_at),
// the provider's configuration, and what providers said at run time ("model not found").
import { isProviderConfigured, type Config } from "../../config";
import { hasCapability, isRetired, type Capability, type ModelEntry } from "./model-entry";

/**
 * Models a provider has disowned while this process ran (OpenAI model_not_found, a Replicate version
 * gone). Kept in memory: a restart tries once more, and a fixed catalogue entry is tried afresh.
 */
export function createModelHealth() {
  const disabled = new Map<string, string>();
  return {
    /** Returns true the first time, so the caller logs it once. */
    disable(key: string, reason: string): boolean {
      if (disabled.has(key)) return false;
      disabled.set(key, reason);
      return true;
    },
    disabledReason(key: string): string | undefined {
      return disabled.get(key);
    },
  };
}

export type ModelHealth = ReturnType<typeof createModelHealth>;

/** Why `model` cannot run (null when it can): what /health prints and what a refusal says. */
function unavailableReason(config: Config, model: ModelEntry, health: ModelHealth | undefined, now: number): string | null {
  if (isRetired(model, now)) return `retired on ${model.retired_at!.slice(0, 10)}`;
  if (!model.enabled) return "withdrawn from this gallery";
  const runtime = health?.disabledReason(model.key);
  if (runtime) return runtime;
  if (!isProviderConfigured(config, model.provider)) return `the ${model.provider} provider is not configured here`;
  return null;
}

/** Models people may choose now, in catalogue order. */
export function offeredModels(config: Config, health?: ModelHealth, now = Date.now()): ModelEntry[] {
  return config.models.all.filter((model) => unavailableReason(config, model, health, now) === null);
}

/**
 * The catalogue entry for a request naming `key` with `capability`, or the sentence explaining the
 * refusal (naming the replacement of a retired or withdrawn model).
 */
export function checkModelRequest(
  config: Config,
  key: string,
  capability: Capability,
  health?: ModelHealth,
  now = Date.now(),
): { model: ModelEntry } | { refusal: string } {
  const model = config.models.find(key);
  if (!model) return { refusal: `Model "${key}" is not available here.` };
  const reason = unavailableReason(config, model, health, now);
  if (reason) {
    const replacement = model.replaced_by ? config.models.find(model.replaced_by) : undefined;
    const instead = replacement ? ` Use ${replacement.label} (${replacement.key}) instead.` : "";
    return { refusal: `Model "${key}" (${model.label}) is not available: ${reason}.${instead}` };
  }
  if (!hasCapability(model, capability)) return { refusal: `Model "${key}" cannot do ${capability}.` };
  return { model };
}

/**
 * Keys whose queued work can never run (retired, withdrawn, or disowned by the provider): their pending
 * renders fail with a refund. Not "provider not configured": another process may hold the key.
 */
export function deadModelKeys(config: Config, health?: ModelHealth, now = Date.now()): string[] {
  return config.models.all
    .filter((model) => isRetired(model, now) || !model.enabled || health?.disabledReason(model.key) !== undefined)
    .map((model) => model.key);
}

/** /health's view: every model that is offered or was offered and is not now, with why. */
export function modelStatuses(config: Config, health?: ModelHealth, now = Date.now()): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const model of config.models.all) {
    const reason = unavailableReason(config, model, health, now);
    if (reason === null) statuses[model.key] = "ok";
    else if (health?.disabledReason(model.key)) statuses[model.key] = `disabled: ${reason}`;
  }
  return statuses;
}

export interface ModelState {
  key: string;
  label: string;
  provider: string;
  /** `disabled`: a provider error took it out while this process ran; `unconfigured`: no key for its provider here. */
  state: "enabled" | "disabled" | "retired" | "withdrawn" | "unconfigured";
  /** Why it cannot run (empty when enabled). */
  reason: string;
}

/** The admin's view: every catalogue model with its state, in catalogue order. */
export function modelStates(config: Config, health?: ModelHealth, now = Date.now()): ModelState[] {
  return config.models.all.map((model) => {
    const reason = unavailableReason(config, model, health, now) ?? "";
    const state: ModelState["state"] = isRetired(model, now)
      ? "retired"
      : !model.enabled
        ? "withdrawn"
        : health?.disabledReason(model.key)
          ? "disabled"
          : reason
            ? "unconfigured"
            : "enabled";
    return { key: model.key, label: model.label, provider: model.provider, state, reason };
  });
}
