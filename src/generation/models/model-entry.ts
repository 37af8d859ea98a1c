// One entry of the model catalogue (what operators edit in MODELS_FILE) and its validation.

export interface ModelCapabilities {
  text_to_image: boolean;
  image_to_image: boolean;
  /** `WIDTHxHEIGHT`; a render asks for the first. */
  sizes: string[];
  max_prompt_length: number;
}

export interface ModelEntry {
  /** `provider:model`, what renders and requests name. */
  key: string;
  label: string;
  /** A provider prefix from src/generation/providers/registry.ts. */
  provider: string;
  /** The provider's own id for it (OpenAI model name, Replicate `owner/name`, local model name). */
  model: string;
  /** What is pinned: a Replicate version hash, an OpenAI snapshot, the local drawing code's version. */
  version?: string;
  capabilities: ModelCapabilities;
  cost_credits: number;
  /** Off: never offered nor run (its renders stay browsable). */
  enabled: boolean;
  /** The provider shut it down (ISO date): from then on it is refused with `replaced_by` named. */
  retired_at?: string;
  replaced_by?: string;
  /** Provider-specific request fields sent with every call (quality, aspect_ratio, output_format…). */
  input?: Record<string, unknown>;
}

export type Capability = "text-to-image" | "image-to-image";

export function hasCapability(model: ModelEntry, capability: Capability): boolean {
  return capability === "text-to-image" ? model.capabilities.text_to_image : model.capabilities.image_to_image;
}

export function isRetired(model: ModelEntry, now = Date.now()): boolean {
  return model.retired_at !== undefined && Date.parse(model.retired_at) <= now;
}

const SIZE = /^\d{2,5}x\d{2,5}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks one entry from a models file; the message names the entry and the field, for the operator. */
export function parseModelEntry(raw: unknown, where: string): ModelEntry {
  if (!isRecord(raw)) throw new Error(`${where}: each model must be an object`);
  const key = raw.key;
  const at = typeof key === "string" ? `${where} "${key}"` : where;
  const text = (name: string, optional = false): string | undefined => {
    const value = raw[name];
    if (value === undefined || value === null) {
      if (optional) return undefined;
      throw new Error(`${at}: "${name}" is required`);
    }
    if (typeof value !== "string" || value.trim() === "") throw new Error(`${at}: "${name}" must be non-empty text`);
    return value;
  };
  text("key");
  if (!/^[a-z0-9-]+:[\w.\/-]+$/i.test(key as string)) throw new Error(`${at}: "key" must look like provider:model`);
  const provider = text("provider")!;
  if (!(key as string).startsWith(`${provider}:`)) throw new Error(`${at}: "key" must start with its provider "${provider}:"`);
  const caps = raw.capabilities;
  if (!isRecord(caps)) throw new Error(`${at}: "capabilities" is required`);
  const sizes = caps.sizes;
  if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((size) => typeof size === "string" && SIZE.test(size))) {
    throw new Error(`${at}: "capabilities.sizes" must list sizes like "1024x1024"`);
  }
  const maxPrompt = caps.max_prompt_length;
  if (!Number.isInteger(maxPrompt) || (maxPrompt as number) < 1) throw new Error(`${at}: "capabilities.max_prompt_length" must be a positive whole number`);
  const cost = raw.cost_credits;
  if (!Number.isInteger(cost) || (cost as number) < 0) throw new Error(`${at}: "cost_credits" must be a whole number ≥ 0`);
  const retiredAt = text("retired_at", true);
  if (retiredAt !== undefined && Number.isNaN(Date.parse(retiredAt))) throw new Error(`${at}: "retired_at" must be a date like 2026-12-01`);
  if (raw.input !== undefined && !isRecord(raw.input)) throw new Error(`${at}: "input" must be an object`);
  const flag = (value: unknown, name: string): boolean => {
    if (typeof value !== "boolean") throw new Error(`${at}: "${name}" must be true or false`);
    return value;
  };
  return {
    key: key as string,
    label: text("label")!,
    provider,
    model: text("model")!,
    version: text("version", true),
    capabilities: {
      text_to_image: flag(caps.text_to_image, "capabilities.text_to_image"),
      image_to_image: flag(caps.image_to_image, "capabilities.image_to_image"),
      sizes: sizes as string[],
      max_prompt_length: maxPrompt as number,
    },
    cost_credits: cost as number,
    enabled: raw.enabled === undefined ? true : flag(raw.enabled, "enabled"),
    retired_at: retiredAt,
    replaced_by: text("replaced_by", true),
    input: raw.input as Record<string, unknown> | undefined,
  };
}
