// The offline provider as an ImageProvider: draws with local/; image-to-image restyles the uploaded photo itself.
import { drawLocalImage, isLocalModel, restylePhoto, type LocalModelKey } from "./local";
import { ProviderError, type ImageProvider } from "./types";

const SIZE = 1024;
const DEFAULT_STRENGTH = 0.6;

export function createLocalProvider(): ImageProvider {
  return {
    async generate(job) {
      if (!isLocalModel(job.modelKey)) throw new ProviderError("permanent", `Unknown model "${job.modelKey}".`);
      if (!job.inputImagePath) {
        const drawing = await drawLocalImage({ basePrompt: job.basePrompt, stylePhrase: job.stylePhrase, modelKey: job.modelKey, size: SIZE });
        return { image: drawing, metadata: { provider: "local", model: job.modelKey } };
      }
      const strength = job.strength ?? DEFAULT_STRENGTH;
      const image = await restylePhoto({
        photo: job.inputImagePath,
        stylePhrase: job.stylePhrase,
        modelKey: job.modelKey as LocalModelKey,
        size: SIZE,
        strength,
        seedText: job.basePrompt,
      });
      return { image, metadata: { provider: "local", model: job.modelKey, strength } };
    },
  };
}
