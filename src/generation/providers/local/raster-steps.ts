// Runs a recipe's raster steps in order, each with its own seed from the drawing's random stream.
import { paintBrushStrokes } from "./effects/brush";
import { facetTriangles } from "./effects/facets";
import { drawInkOverTones } from "./effects/ink";
import { bloom, blur, chromaticShift, scanlines, vignette } from "./effects/lens";
import { mosaicTiles, stainedGlass } from "./effects/mosaic";
import { crossStitch, paletteForPixels, pixelate } from "./effects/pixels";
import { applyTexture, warpPixels } from "./effects/texture";
import { greyscale, halftone, posterize, reduceToInks } from "./effects/tone";
import type { Rng } from "./random";
import { composeBySubject, type Raster, type SubjectMask } from "./raster";
import type { RasterStep, StyleRecipe } from "./style-recipe";

/** `subjectMask` is only rasterised when a step asks for it, since most recipes never do. */
export async function applySteps(raster: Raster, steps: RasterStep[], rng: Rng, recipe: StyleRecipe, subjectMask: SubjectMask): Promise<Raster> {
  let current = raster;
  for (const step of steps) {
    const seed = rng.int(0, 1 << 20);
    switch (step.kind) {
      case "brush":
        current = paintBrushStrokes(current, step.size, step.swirl, seed);
        break;
      case "warp":
        current = warpPixels(current, step.amount, seed);
        break;
      case "texture":
        current = applyTexture(current, step.texture, step.strength, seed);
        break;
      case "posterize":
        current = posterize(current, step.levels);
        break;
      case "grey":
        current = greyscale(current, step.contrast, step.tint);
        break;
      case "pixelate":
        current = pixelate(current, step.cells, recipe.pixelPalette ?? paletteForPixels(recipe));
        break;
      case "tiles":
        current = mosaicTiles(current, step.tile, step.grout, seed);
        break;
      // Glass cells and facets are cut finer on the subject, so it stays recognisable among large pieces.
      case "cells":
        current = composeBySubject(
          stainedGlass(current, step.cell, step.lead, seed),
          stainedGlass(current, step.cell * 0.5, step.lead, seed + 1),
          await subjectMask(),
        );
        break;
      case "facets":
        current = composeBySubject(
          facetTriangles(current, step.cell, step.relief, seed),
          facetTriangles(current, Math.max(14, step.cell * 0.32), step.relief, seed + 1),
          await subjectMask(),
        );
        break;
      case "halftone":
        current = halftone(current, step.cell, step.ink);
        break;
      case "hatch":
        current = drawInkOverTones(current, {
          paper: recipe.palette.paper,
          ink: recipe.palette.ink,
          wash: step.wash,
          hatchSpacing: step.spacing,
          edgeStrength: 0.7,
          seed,
        });
        break;
      case "bloom":
        current = await bloom(current, step.strength);
        break;
      case "vignette":
        current = vignette(current, step.strength);
        break;
      case "scanlines":
        current = scanlines(current, step.strength);
        break;
      case "chroma":
        current = chromaticShift(current, step.offset);
        break;
      case "inks":
        current = reduceToInks(current, step.colours);
        break;
      case "stitch":
        current = crossStitch(current, step.cells, recipe.palette.paper);
        break;
      case "blur":
        current = await blur(current, step.sigma);
        break;
    }
  }
  return current;
}
