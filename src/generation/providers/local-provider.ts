// The offline provider as a record: draws with local/ (deterministic from prompt, style and model);
// image-to-image restyles the uploaded photo itself. On outside production, opt-in (LOCAL_PROVIDER=1) in it.
import type { LocalModelKey } from "./local";
import { ProviderError, type ImageProvider, type ProviderDefinition } from "./types";

const DEFAULT_STRENGTH = 0.6;

// The drawing code loads in the Worker on first use, not with this record at boot.
async function createLocalProvider(): Promise<ImageProvider> {
  const { drawLocalImage, isLocalModel, restylePhoto } = await import("./local");
  const { hashText } = await import("./local/random");
  return {
    async generate(job) {
      const drawingModel = `local:${job.model.model}`;
      if (!isLocalModel(drawingModel)) throw new ProviderError("permanent", `The local provider has no model "${job.model.model}".`, { modelUnavailable: true });
      const size = Number(job.size.split("x")[0]);
      if (!job.inputImage) {
        const drawing = await drawLocalImage({ basePrompt: job.basePrompt, stylePhrase: job.stylePhrase, modelKey: drawingModel, size });
        // The drawing's randomness comes from this hash alone, so it is the seed that reproduces it.
        const seed = hashText(`${job.basePrompt}\u0000${job.stylePhrase}\u0000${drawingModel}`);
        return { image: drawing, seed, requestId: null, version: job.model.version ?? null, metadata: { provider: "local", model: drawingModel } };
      }
      const strength = job.strength ?? DEFAULT_STRENGTH;
      const image = await restylePhoto({
        photo: job.inputImage,
        stylePhrase: job.stylePhrase,
        modelKey: drawingModel as LocalModelKey,
        size,
        strength,
        seedText: job.basePrompt,
      });
      // restylePhoto seeds its randomness with this hash.
      const seed = hashText(`restyle\u0000${job.basePrompt}\u0000${job.stylePhrase}\u0000${drawingModel}`);
      return { image, seed, requestId: null, version: job.model.version ?? null, metadata: { provider: "local", model: drawingModel, strength } };
    },
  };
}

const localProvider: ProviderDefinition<{ enabled: true }> = {
  prefix: "local",
  label: "Local (offline)",
  module: import.meta.url,
  capabilities: { text_to_image: true, image_to_image: true },
  configure(env) {
    return env.flag("LOCAL_PROVIDER", !env.isProduction) ? { enabled: true } : null;
  },
  create: () => createLocalProvider(),
};

export default localProvider;
