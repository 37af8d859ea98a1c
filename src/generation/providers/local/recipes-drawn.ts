// Style table rows for drawn media: pencil, charcoal, blueprint, chalk and crayon.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** Drawn media: hatching and line over paper, chalkboard or blueprint. */
export const DRAWN_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["pencil sketch", "pencil", "graphite", "sketch", "drawing"],
    recipe: {
      palette: paletteOf("#e4e2dc #f6f5f0 #fbfaf6 #cfccc5 #bdbab3 #aeaba4 #8d8983 #5c5a56 #2e2d2b #f7f6f1"),
      shading: "flat",
      backdrops: ["clouds"],
      steps: [
        { kind: "hatch", spacing: 8, wash: 0.5 },
        { kind: "grey", contrast: 1.05 },
        { kind: "texture", texture: "paper", strength: 0.9 },
      ],
      sketchWash: 0,
    },
  },
  {
    keywords: ["charcoal", "conte", "smudge"],
    recipe: {
      palette: paletteOf("#8d8a85 #d8d4cc #f4f1ea #6e6b66 #55524e #3e3c39 #2d2b29 #1d1c1b #141312 #e9e5dc"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 3 },
        { kind: "grey", contrast: 1.35 },
        { kind: "warp", amount: 6 },
        { kind: "texture", texture: "paper", strength: 1.4 },
      ],
      sketchWash: 0.15,
    },
  },
  {
    keywords: ["blueprint", "technical drawing", "schematic", "engineering drawing", "patent drawing"],
    recipe: {
      palette: paletteOf("#1d4c8f #2760ad #dfeaff #3a6fb8 #2f65ad #285a9e #4f86cf #dfeaff #eef4ff #1c4a8c"),
      shading: "flat",
      outline: 3,
      layout: "poster",
      backdrops: ["blueprintGrid"],
      steps: [
        { kind: "hatch", spacing: 10, wash: 0.85 },
        { kind: "texture", texture: "grain", strength: 0.25 },
      ],
      sketchWash: 0.9,
    },
  },
  {
    keywords: ["chalk", "chalkboard", "blackboard"],
    recipe: {
      palette: paletteOf("#2f3b35 #3d4b43 #f5f3e7 #4a5a50 #56685d #3a4a41 #f3d9a4 #f7a6a6 #f5f3e7 #26302b"),
      shading: "flat",
      layout: "poster",
      backdrops: ["stars"],
      steps: [
        { kind: "hatch", spacing: 9, wash: 0.6 },
        { kind: "warp", amount: 3 },
        { kind: "texture", texture: "grain", strength: 0.9 },
      ],
      sketchWash: 0.2,
    },
  },
  {
    keywords: ["crayon", "child's drawing", "childs drawing", "kids drawing", "doodle", "naive art"],
    recipe: {
      palette: paletteOf("#7ec8f2 #d8f0ff #ffd23f #a0c4ff #7bd389 #57b36a #ff8c42 #e84855 #3d3d3d #fffdf7"),
      shading: "flat",
      outline: 5,
      backdrops: ["clouds"],
      steps: [
        { kind: "warp", amount: 7 },
        { kind: "hatch", spacing: 6, wash: 0.8 },
        { kind: "texture", texture: "paper", strength: 1.3 },
      ],
      sketchWash: 0.8,
    },
  },
];
