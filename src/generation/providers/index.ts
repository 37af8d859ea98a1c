// Picks the provider implementation for a `provider:model` key (loaded only inside generation workers).
import { findModel } from "./registry";
import { createLocalProvider } from "./local-provider";
import { createOpenAIProvider } from "./openai";
import { createReplicateProvider } from "./replicate";
import { ProviderError, type ImageProvider, type ProviderSettings } from "./types";

export function createImageProvider(modelKey: string, settings: ProviderSettings): ImageProvider {
  const model = findModel(modelKey);
  if (!model) throw new ProviderError("permanent", `Unknown model "${modelKey}".`);
  switch (model.key) {
    case "openai:gpt-image-1":
      return createOpenAIProvider(settings, "gpt-image-1");
    case "openai:dall-e-3":
      return createOpenAIProvider(settings, "dall-e-3");
    case "replicate:sdxl":
      return createReplicateProvider(settings, "sdxl");
    case "replicate:flux-schnell":
      return createReplicateProvider(settings, "flux-schnell");
  }
  if (model.provider === "local") return createLocalProvider();
  throw new ProviderError("permanent", `No provider for "${modelKey}".`);
}
