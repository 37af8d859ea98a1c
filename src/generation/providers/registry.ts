// The models a render can name (`provider:model`), what each costs and can do, and which are enabled.
import type { Config } from "../../config";

export type Capability = "text-to-image" | "image-to-image";

export interface ModelInfo {
  key: string;
  provider: "openai" | "replicate" | "local";
  label: string;
  costCredits: number;
  capabilities: readonly Capability[];
}

const BOTH: readonly Capability[] = ["text-to-image", "image-to-image"];

export const MODELS: readonly ModelInfo[] = [
  { key: "openai:gpt-image-1", provider: "openai", label: "GPT Image 1", costCredits: 8, capabilities: BOTH },
  { key: "openai:dall-e-3", provider: "openai", label: "DALL·E 3", costCredits: 6, capabilities: ["text-to-image"] },
  { key: "replicate:sdxl", provider: "replicate", label: "Stable Diffusion XL", costCredits: 3, capabilities: BOTH },
  { key: "replicate:flux-schnell", provider: "replicate", label: "FLUX.1 schnell", costCredits: 2, capabilities: ["text-to-image"] },
  { key: "local:sketch", provider: "local", label: "Local Sketch", costCredits: 1, capabilities: BOTH },
  { key: "local:paint", provider: "local", label: "Local Paint", costCredits: 1, capabilities: BOTH },
  { key: "local:pixel", provider: "local", label: "Local Pixel", costCredits: 1, capabilities: BOTH },
];

const BY_KEY = new Map(MODELS.map((model) => [model.key, model]));

export function findModel(key: string): ModelInfo | undefined {
  return BY_KEY.get(key);
}

/** A readable name for any key, including ones no longer offered (old renders keep their key). */
export function modelLabel(key: string): string {
  return BY_KEY.get(key)?.label ?? key;
}

export function isModelEnabled(model: ModelInfo, config: Config): boolean {
  switch (model.provider) {
    case "openai":
      return Boolean(config.providers.openaiApiKey);
    case "replicate":
      return Boolean(config.providers.replicateApiToken);
    case "local":
      return config.providers.localEnabled;
  }
}

export function enabledModels(config: Config): ModelInfo[] {
  return MODELS.filter((model) => isModelEnabled(model, config));
}
