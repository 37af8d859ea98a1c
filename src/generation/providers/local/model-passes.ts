// What each local model does to a toned picture (a drawn scene or an uploaded photo): ink, paint or pixels.
import { drawInkOverTones } from "./effects/ink";
import { paletteForPixels, pixelate } from "./effects/pixels";
import type { Rng } from "./random";
import type { Raster, SubjectMask } from "./raster";
import { applySteps } from "./raster-steps";
import type { RasterStep, StyleRecipe } from "./style-recipe";

export type LocalModelKey = "local:paint" | "local:sketch" | "local:pixel";

/** Passes that keep reading as a drawing when applied over ink lines; the rest would bury them (and the ink pass lays its own paper texture). */
const SKETCH_STEPS = new Set<RasterStep["kind"]>(["grey", "scanlines", "chroma", "vignette", "inks"]);
const PIXEL_STEPS = new Set<RasterStep["kind"]>(["grey", "posterize", "inks", "chroma"]);

export interface ModelPassOptions {
  /** Colour kept under the sketch model's ink; a photo keeps more than a drawn scene. */
  sketchWash?: number;
  /** Lightness bands the sketch model's pen follows (see drawInkOverTones); a drawn scene needs none. */
  toneBands?: number;
}

export async function applyModelPasses(
  raster: Raster,
  modelKey: LocalModelKey,
  recipe: StyleRecipe,
  rng: Rng,
  subjectMask: SubjectMask,
  options: ModelPassOptions = {},
): Promise<Raster> {
  if (modelKey === "local:sketch") {
    const inked = drawInkOverTones(raster, {
      paper: recipe.palette.paper,
      ink: recipe.palette.ink,
      wash: options.sketchWash ?? recipe.sketchWash,
      hatchSpacing: 9,
      edgeStrength: 1,
      seed: rng.int(0, 1 << 20),
      wobble: 2.5,
      paperGrain: 1,
      toneBands: options.toneBands,
    });
    return applySteps(inked, recipe.steps.filter((step) => SKETCH_STEPS.has(step.kind)), rng, recipe, subjectMask);
  }
  if (modelKey === "local:pixel") {
    const toned = await applySteps(raster, recipe.steps.filter((step) => PIXEL_STEPS.has(step.kind)), rng, recipe, subjectMask);
    // A style that is already pixel art gets even chunkier pixels here, so the two models still differ.
    const alreadyPixelated = recipe.steps.some((step) => step.kind === "pixelate");
    return pixelate(toned, alreadyPixelated ? 32 : 64, paletteForPixels(recipe));
  }
  return applySteps(raster, recipe.steps, rng, recipe, subjectMask);
}
