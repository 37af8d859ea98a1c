// What a style phrase does to a picture: palette, backdrops, composition and the raster passes, with their defaults.
import type { Palette } from "./palette";
import type { TimeOfDay } from "./scene-model";

export type Backdrop =
  | "clouds"
  | "stars"
  | "sunburst"
  | "stripedSun"
  | "grid"
  | "halftoneSky"
  | "decoFan"
  | "decoFrame"
  | "nouveauFrame"
  | "bauhausShapes"
  | "blueprintGrid"
  | "cloudBands"
  | "blinds"
  | "rain"
  | "swirls"
  | "halo"
  | "posterBorder";

export type Layout = "landscape" | "poster" | "isometric";
export type Shading = "flat" | "gradient" | "clay" | "cel";
export type TextureKind = "canvas" | "paper" | "grain" | "watercolor" | "clay";

export type RasterStep =
  | { kind: "brush"; size: number; swirl: number }
  | { kind: "warp"; amount: number }
  | { kind: "texture"; texture: TextureKind; strength: number }
  | { kind: "posterize"; levels: number }
  | { kind: "grey"; contrast: number; tint?: string }
  | { kind: "pixelate"; cells: number }
  | { kind: "tiles"; tile: number; grout: string }
  | { kind: "cells"; cell: number; lead: string }
  | { kind: "facets"; cell: number; relief: number }
  | { kind: "halftone"; cell: number; ink: string }
  | { kind: "hatch"; spacing: number; wash: number }
  | { kind: "bloom"; strength: number }
  | { kind: "vignette"; strength: number }
  | { kind: "scanlines"; strength: number }
  | { kind: "chroma"; offset: number }
  | { kind: "inks"; colours: string[] }
  | { kind: "stitch"; cells: number }
  | { kind: "blur"; sigma: number };

export interface StyleRecipe {
  palette: Palette;
  time?: TimeOfDay;
  shading: Shading;
  /** Subject outline width in canvas px at 1024; 0 draws none. */
  outline: number;
  backdrops: Backdrop[];
  layout: Layout;
  steps: RasterStep[];
  /** How much of the scene's colour the sketch model keeps under its ink (0 = pure ink on paper). */
  sketchWash: number;
  pixelPalette?: string[];
}

export type RecipeSeed = Partial<StyleRecipe> & { palette: Palette };

/** One row of the style table: any of its keywords in a phrase selects its recipe. */
export interface KeywordRecipe {
  keywords: string[];
  recipe: RecipeSeed;
}

/** A table row filled out with defaults; copies every list so one drawing cannot alter the table. */
export function completeRecipe(seed: RecipeSeed): StyleRecipe {
  return {
    palette: { ...seed.palette },
    time: seed.time,
    shading: seed.shading ?? "gradient",
    outline: seed.outline ?? 0,
    backdrops: [...(seed.backdrops ?? ["clouds"])],
    layout: seed.layout ?? "landscape",
    steps: (seed.steps ?? []).map((step) => ({ ...step })),
    sketchWash: seed.sketchWash ?? 0.5,
    pixelPalette: seed.pixelPalette,
  };
}
