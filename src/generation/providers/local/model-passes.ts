// What each local model does to a toned picture (a drawn scene or an uploaded photo): ink, paint or pixels.
import { mixHex } from "./colour";
import { drawInkOverTones } from "./effects/ink";
import { paletteForPixels, pixelate } from "./effects/pixels";
import type { Rng } from "./random";
import type { Raster, SubjectMask } from "./raster";
import { applySteps } from "./raster-steps";
import type { RasterStep, StyleRecipe } from "./style-recipe";

export type LocalModelKey = "local:paint" | "local:sketch" | "local:pixel";

/**
 * The sketch model inks along whatever edges the tones have, so steps that cut the picture into
 * blocks, cells, facets or strokes run first and the pen traces them; tints, screens, glows and
 * surfaces go over the finished drawing (surfaces at reduced strength, so the lines survive).
 */
const SKETCH_BEFORE_INK = new Set<RasterStep["kind"]>(["pixelate", "cells", "tiles", "facets", "brush", "posterize", "blur"]);
/** A photo's many small edges would each take ink after these steps, so on a photo they cut the finished drawing instead. */
const PHOTO_SKETCH_BEFORE_INK = new Set<RasterStep["kind"]>(["pixelate", "posterize", "blur"]);
const SKETCH_OVER_INK = new Set<RasterStep["kind"]>(["grey", "scanlines", "chroma", "vignette", "inks", "halftone", "bloom", "texture", "warp", "stitch"]);
/** The pixel model keeps a style's shapes and tones by running them before the pixels are cut, and its screen and surface after. */
const PIXEL_BEFORE = new Set<RasterStep["kind"]>(["grey", "posterize", "inks", "chroma", "cells", "tiles", "facets", "brush", "blur", "warp"]);
const PIXEL_AFTER = new Set<RasterStep["kind"]>(["scanlines", "vignette", "bloom", "texture", "stitch"]);

function softened(step: RasterStep, factor: number): RasterStep {
  return step.kind === "texture" ? { ...step, strength: step.strength * factor } : step;
}

export interface ModelPassOptions {
  /** Colour kept under the sketch model's ink; a photo keeps more than a drawn scene. */
  sketchWash?: number;
  /** Lightness bands the sketch model's pen follows (see drawInkOverTones); a drawn scene needs none. */
  toneBands?: number;
  /** The picture is a photo rather than a drawn scene. */
  photo?: boolean;
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
    const beforeKinds = options.photo ? PHOTO_SKETCH_BEFORE_INK : SKETCH_BEFORE_INK;
    const before = recipe.steps.filter((step) => beforeKinds.has(step.kind));
    const over = recipe.steps
      .filter((step) => SKETCH_OVER_INK.has(step.kind) || (SKETCH_BEFORE_INK.has(step.kind) && !beforeKinds.has(step.kind)))
      .map((step) => softened(step, 0.6));
    // A drawn style's own hatching sets the pen: pencil hatches closer than blueprint.
    const hatch = recipe.steps.find((step) => step.kind === "hatch");
    const toned = await applySteps(raster, before, rng, recipe, subjectMask);
    const inked = drawInkOverTones(toned, {
      paper: recipe.palette.paper,
      ink: recipe.palette.ink,
      wash: options.sketchWash ?? recipe.sketchWash,
      hatchSpacing: hatch?.kind === "hatch" ? hatch.spacing : 9,
      edgeStrength: 1,
      seed: rng.int(0, 1 << 20),
      wobble: 2.5,
      paperGrain: 1,
      toneBands: options.toneBands,
    });
    return applySteps(inked, over, rng, recipe, subjectMask);
  }
  if (modelKey === "local:pixel") {
    const toned = await applySteps(raster, recipe.steps.filter((step) => PIXEL_BEFORE.has(step.kind)), rng, recipe, subjectMask);
    const pixels = pixelate(toned, pixelColumns(recipe), pixelPalette(recipe));
    return applySteps(pixels, recipe.steps.filter((step) => PIXEL_AFTER.has(step.kind)).map((step) => softened(step, 0.5)), rng, recipe, subjectMask);
  }
  return applySteps(raster, recipe.steps, rng, recipe, subjectMask);
}

/** Pixel art gets chunkier pixels than it has on the paint model; drawn styles get fine, few-colour "1-bit" pixels. */
function pixelColumns(recipe: StyleRecipe): number {
  if (recipe.steps.some((step) => step.kind === "pixelate")) return 32;
  if (isDrawnStyle(recipe)) return 112;
  return 64;
}

function pixelPalette(recipe: StyleRecipe): string[] {
  if (!isDrawnStyle(recipe) || recipe.pixelPalette) return paletteForPixels(recipe);
  const { ink, paper, main } = recipe.palette;
  return [ink, paper, mixHex(ink, paper, 0.35), mixHex(ink, paper, 0.7), mixHex(main, paper, 0.5)];
}

function isDrawnStyle(recipe: StyleRecipe): boolean {
  return recipe.steps.some((step) => step.kind === "hatch");
}
