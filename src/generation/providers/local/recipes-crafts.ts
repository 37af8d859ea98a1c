// Style table rows for crafts made of pieces: stained glass, mosaic, low poly, origami and cross-stitch.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** Crafts made of pieces: glass cells, tiles, facets, folds and stitches. */
export const CRAFT_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["stained glass", "church window", "cathedral glass"],
    recipe: {
      palette: paletteOf("#163a8a #3b7fd0 #f6c445 #6a2c91 #1f8a4d #145c3a #d0352b #f39c12 #1a1a1a #e8e1cf"),
      shading: "flat",
      outline: 10,
      backdrops: ["sunburst", "halo"],
      steps: [
        { kind: "cells", cell: 56, lead: "#141414" },
        { kind: "vignette", strength: 0.45 },
      ],
      sketchWash: 0.8,
    },
  },
  {
    keywords: ["mosaic", "tesserae", "byzantine", "roman mosaic"],
    recipe: {
      palette: paletteOf("#1e5f8c #8cc4d8 #f0b429 #b5835a #7a9a4a #5a6b34 #b7412e #f0b429 #2b2520 #d9ccb4"),
      shading: "flat",
      outline: 6,
      backdrops: ["halo", "sunburst"],
      steps: [{ kind: "tiles", tile: 20, grout: "#d8cfbf" }],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["low poly", "low-poly", "lowpoly", "polygonal", "faceted", "cubism", "cubist"],
    recipe: {
      palette: paletteOf("#2b3a67 #f2a65a #ffe08a #4d5d8c #3f8f6b #2c6e49 #ef6f53 #ffd166 #1b1b2f #f4efe6"),
      time: "sunset",
      backdrops: [],
      steps: [{ kind: "facets", cell: 64, relief: 0.16 }],
      sketchWash: 0.55,
    },
  },
  {
    keywords: ["origami", "papercraft", "paper craft", "folded paper", "paper cut", "papercut"],
    recipe: {
      palette: paletteOf("#bfdbe6 #f4efe4 #f4a259 #9db4c0 #5b8e7d #3e6b5a #e26d5a #f4c95d #3d3d3d #f7f1e3"),
      shading: "flat",
      backdrops: ["halo"],
      steps: [
        { kind: "facets", cell: 96, relief: 0.3 },
        { kind: "texture", texture: "paper", strength: 0.7 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["cross-stitch", "cross stitch", "embroidery", "needlepoint", "tapestry"],
    recipe: {
      palette: paletteOf("#f1e9da #f1e9da #e07a5f #81b29a #3d8b6a #2f6d52 #e07a5f #f2cc8f #3d405b #f1e9da"),
      shading: "flat",
      outline: 6,
      layout: "poster",
      backdrops: ["halo"],
      steps: [{ kind: "stitch", cells: 56 }],
      sketchWash: 0.7,
    },
  },
];
