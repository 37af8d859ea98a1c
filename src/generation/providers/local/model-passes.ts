// What each local model does to a toned picture (a drawn scene or an uploaded photo): ink, paint or pixels.
import { mixHex } from "./colour";
import { drawInkOverTones } from "./effects/ink";
import { blockSeams, paletteForPixels, pixelate } from "./effects/pixels";
import type { Rng } from "./random";
import { blankLike, resizedMask, resizeRaster, type Raster, type SubjectMask } from "./raster";
import { applySteps } from "./raster-steps";
import type { RasterStep, StyleRecipe } from "./style-recipe";

export type LocalModelKey = "local:paint" | "local:sketch" | "local:pixel";

/**
 * The sketch model inks along whatever edges the tones have, so steps that cut the picture into
 * blocks run first and the pen traces them. Cells, tiles, facets, strokes and bleeds go into the
 * colour wash only, as in ink and watercolour: their pattern shows while the pen still outlines the
 * subject. Tints, screens, glows and surfaces go over the finished drawing (surfaces at reduced strength).
 */
const SKETCH_BEFORE_INK = new Set<RasterStep["kind"]>(["pixelate", "posterize", "blur"]);
const SKETCH_WASH = new Set<RasterStep["kind"]>(["brush", "warp", "cells", "tiles", "facets"]);
const SKETCH_OVER_INK = new Set<RasterStep["kind"]>(["grey", "scanlines", "chroma", "vignette", "inks", "halftone", "bloom", "texture", "stitch"]);
/** The pixel model keeps a style's shapes and tones by running them before the pixels are cut, and its screen and surface after. */
const PIXEL_BEFORE = new Set<RasterStep["kind"]>(["grey", "posterize", "inks", "chroma", "brush", "blur", "warp"]);
/** Cells and tiles at pixel size would dissolve the subject; the pixel model seams its blocks in their lead or grout instead. */
const PIXEL_SEAMED = new Set<RasterStep["kind"]>(["cells", "tiles", "facets"]);
const PIXEL_AFTER = new Set<RasterStep["kind"]>(["scanlines", "vignette", "bloom", "texture", "stitch"]);

function softened(step: RasterStep, factor: number): RasterStep {
  return step.kind === "texture" ? { ...step, strength: step.strength * factor } : step;
}

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
    // Pixel art is drawn as a sketch on graph paper: coarser blocks than on the paint model, each one inked.
    const before = recipe.steps
      .filter((step) => SKETCH_BEFORE_INK.has(step.kind))
      .map((step) => (step.kind === "pixelate" ? { ...step, cells: Math.round(step.cells * 0.7) } : step));
    const washSteps = recipe.steps.filter((step) => SKETCH_WASH.has(step.kind));
    const over = recipe.steps.filter((step) => SKETCH_OVER_INK.has(step.kind)).map((step) => softened(step, 0.6));
    // A drawn style's own hatching sets the pen: pencil hatches closer than blueprint.
    const hatch = recipe.steps.find((step) => step.kind === "hatch");
    const wash = options.sketchWash ?? recipe.sketchWash;
    const toned = await applySteps(raster, before, rng, recipe, subjectMask);
    let drawing = drawInkOverTones(toned, {
      paper: recipe.palette.paper,
      ink: recipe.palette.ink,
      wash,
      hatchSpacing: hatch?.kind === "hatch" ? hatch.spacing : 9,
      edgeStrength: 1,
      seed: rng.int(0, 1 << 20),
      wobble: 2.5,
      paperGrain: 1,
      toneBands: options.toneBands,
    });
    if (washSteps.length > 0 && wash > 0) {
      // Strokes in a wash under ink lines need no more than half resolution, and brushwork is the costliest pass.
      const half = await resizeRaster(toned, Math.max(64, Math.round(toned.width / 2)));
      const washed = await applySteps(half, washSteps, rng, recipe, resizedMask(subjectMask, toned, half.width));
      drawing = await addWashChange(drawing, half, washed, Math.max(wash, 0.8));
    }
    return applySteps(drawing, over, rng, recipe, subjectMask);
  }
  if (modelKey === "local:pixel") {
    // Everything before the pixels are cut only needs four source pixels per cell, so it runs that small.
    const columns = pixelColumns(recipe);
    const workWidth = Math.min(raster.width, columns * 4);
    const small = workWidth < raster.width ? await resizeRaster(raster, workWidth) : raster;
    const smallMask = workWidth < raster.width ? resizedMask(subjectMask, raster, workWidth) : subjectMask;
    const toned = await applySteps(small, recipe.steps.filter((step) => PIXEL_BEFORE.has(step.kind)), rng, recipe, smallMask);
    const cut = pixelate(toned, columns, pixelPalette(recipe));
    let pixels = cut.width < raster.width ? await resizeRaster(cut, raster.width, "nearest") : cut;
    const seamed = recipe.steps.find((step) => PIXEL_SEAMED.has(step.kind));
    if (seamed) pixels = blockSeams(pixels, columns, seamed.kind === "cells" ? seamed.lead : seamed.kind === "tiles" ? seamed.grout : recipe.palette.ink);
    return applySteps(pixels, recipe.steps.filter((step) => PIXEL_AFTER.has(step.kind)).map((step) => softened(step, 0.5)), rng, recipe, subjectMask);
  }
  return applySteps(raster, recipe.steps, rng, recipe, subjectMask);
}

/** Pixel art gets chunkier pixels than it has on the paint model; drawn styles get fine, few-colour "1-bit" pixels. */
function pixelColumns(recipe: StyleRecipe): number {
  if (recipe.steps.some((step) => step.kind === "pixelate")) return 44;
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

/**
 * Adds what the wash steps changed (`washed` − `before`, both at a smaller size) to the drawing, at
 * the strength the wash shows through. The change is carried as 128 ± change/2 through the resize.
 */
async function addWashChange(drawing: Raster, before: Raster, washed: Raster, strength: number): Promise<Raster> {
  const change = blankLike(before);
  for (let i = 0; i < change.data.length; i++) change.data[i] = 128 + (washed.data[i]! - before.data[i]!) / 2;
  const full = await resizeRaster(change, drawing.width);
  const out = blankLike(drawing);
  const target = out.data;
  const gain = strength * 2;
  for (let i = 0; i < target.length; i++) target[i] = drawing.data[i]! + (full.data[i]! - 128) * gain;
  return out;
}
