// The offline provider as an ImageProvider: draws with local/; image-to-image lays the style over the photo.
import sharp from "sharp";
import { drawLocalImage, isLocalModel } from "./local";
import { ProviderError, type ImageProvider } from "./types";

const SIZE = 1024;
const DEFAULT_STRENGTH = 0.6;

export function createLocalProvider(): ImageProvider {
  return {
    async generate(job) {
      if (!isLocalModel(job.modelKey)) throw new ProviderError("permanent", `Unknown model "${job.modelKey}".`);
      const drawing = await drawLocalImage({ basePrompt: job.basePrompt, stylePhrase: job.stylePhrase, modelKey: job.modelKey, size: SIZE });
      if (!job.inputImagePath) {
        return { image: drawing, metadata: { provider: "local", model: job.modelKey } };
      }
      const strength = job.strength ?? DEFAULT_STRENGTH;
      // The style's palette and texture at `strength` opacity over the photo keep the photo recognisable.
      const overlay = await sharp(drawing).ensureAlpha(strength).png().toBuffer();
      const image = await sharp(job.inputImagePath)
        .rotate()
        .resize(SIZE, SIZE, { fit: "cover" })
        .composite([{ input: overlay, blend: "over" }])
        .png({ compressionLevel: 1 })
        .toBuffer();
      return { image, metadata: { provider: "local", model: job.modelKey, strength } };
    },
  };
}
