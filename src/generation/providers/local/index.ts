// Offline "local" image provider: draws deterministic stylised illustrations from prompt, style phrase and model key.
import { drawInkOverTones } from "./effects/ink";
import { paletteForPixels, pixelate } from "./effects/pixels";
import { Rng, hashText } from "./random";
import { encodePng, rasteriseAlpha, rasteriseSvg } from "./raster";
import { applySteps } from "./raster-steps";
import { recipeForPhrase } from "./recipe-for-phrase";
import { planScene } from "./scene-plan";
import { buildSceneSvg } from "./scene-svg";
import type { RasterStep } from "./style-recipe";

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

/** Passes that keep reading as a drawing when applied over ink lines; the rest would bury them (and the ink pass lays its own paper texture). */
const SKETCH_STEPS = new Set<RasterStep["kind"]>(["grey", "scanlines", "chroma", "vignette", "inks"]);
const PIXEL_STEPS = new Set<RasterStep["kind"]>(["grey", "posterize", "inks", "chroma"]);

export async function drawLocalImage(input: {
  basePrompt: string;
  stylePhrase: string;
  modelKey: string;
  size?: number;
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
  const rng = new Rng(hashText(`${input.basePrompt}\u0000${input.stylePhrase}\u0000${input.modelKey}`));

  const svg = buildSceneSvg(scene, recipe, input.modelKey === "local:paint" ? "paint" : "flat", size);
  const subjectMask = () => rasteriseAlpha(svg.subjectOnly);
  let raster = await rasteriseSvg(svg.full);
  if (input.modelKey === "local:sketch") {
    raster = drawInkOverTones(raster, {
      paper: recipe.palette.paper,
      ink: recipe.palette.ink,
      wash: recipe.sketchWash,
      hatchSpacing: 9,
      edgeStrength: 1,
      seed: rng.int(0, 1 << 20),
      wobble: 2.5,
      paperGrain: 1,
    });
    raster = await applySteps(raster, recipe.steps.filter((step) => SKETCH_STEPS.has(step.kind)), rng, recipe, subjectMask);
  } else if (input.modelKey === "local:pixel") {
    raster = await applySteps(raster, recipe.steps.filter((step) => PIXEL_STEPS.has(step.kind)), rng, recipe, subjectMask);
    // A style that is already pixel art gets even chunkier pixels here, so the two models still differ.
    const alreadyPixelated = recipe.steps.some((step) => step.kind === "pixelate");
    raster = pixelate(raster, alreadyPixelated ? 32 : 64, paletteForPixels(recipe));
  } else {
    raster = await applySteps(raster, recipe.steps, rng, recipe, subjectMask);
  }
  return encodePng(raster);
}
