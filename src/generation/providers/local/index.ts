// Offline "local" image provider: draws deterministic stylised illustrations from prompt, style phrase and model key.
import { applyModelPasses, type LocalModelKey } from "./model-passes";
import { Rng, hashText } from "./random";
import { encodePng, rasteriseAlpha, rasteriseSvg } from "./raster";
import { recipeForPhrase } from "./recipe-for-phrase";
import { planScene } from "./scene-plan";
import { buildSceneSvg } from "./scene-svg";

export const LOCAL_MODELS: Record<string, { label: string; description: string }> = {
  "local:paint": {
    label: "Local Paint",
    description: "Filled shapes, gradients and painterly texture, drawn offline.",
  },
  "local:sketch": {
    label: "Local Sketch",
    description: "Ink line art with hatching on paper and a few colours, drawn offline.",
  },
  "local:pixel": {
    label: "Local Pixel",
    description: "Chunky pixels on a limited, dithered palette, drawn offline.",
  },
};

export function isLocalModel(modelKey: string): boolean {
  return Object.hasOwn(LOCAL_MODELS, modelKey);
}

export async function drawLocalImage(input: {
  basePrompt: string;
  stylePhrase: string;
  modelKey: string;
  size?: number;
  /** Redraws the random strokes, grain and jitter as a real model's seed would; the scene and the look stay. */
  seed?: number;
}): Promise<Buffer> {
  if (!isLocalModel(input.modelKey)) {
    const known = Object.keys(LOCAL_MODELS).join(", ");
    throw new Error(`Unknown local model "${input.modelKey}"; expected one of: ${known}`);
  }
  const size = input.size ?? 1024;
  if (!Number.isInteger(size) || size < 64 || size > 4096) {
    throw new Error(`Local image size must be an integer between 64 and 4096, got ${size}`);
  }
  const recipe = recipeForPhrase(input.stylePhrase);
  const scene = planScene(input.basePrompt, recipe);
  const seedText = input.seed === undefined ? "" : `\u0000${input.seed}`;
  const rng = new Rng(hashText(`${input.basePrompt}\u0000${input.stylePhrase}\u0000${input.modelKey}${seedText}`));

  const svg = buildSceneSvg(scene, recipe, input.modelKey === "local:paint" ? "paint" : "flat", size);
  const subjectMask = () => rasteriseAlpha(svg.subjectOnly);
  const raster = await applyModelPasses(await rasteriseSvg(svg.full), input.modelKey as LocalModelKey, recipe, rng, subjectMask);
  return encodePng(raster);
}

export { restylePhoto, type RestyleInput } from "./restyle";
export type { LocalModelKey } from "./model-passes";
