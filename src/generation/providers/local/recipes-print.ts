// Style table rows for prints and posters: woodblock, pop art, linocut, deco, bauhaus, nouveau, minimal and travel posters.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** Prints and posters: flat inks, frames and bold graphic layouts. */
export const PRINT_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["ukiyo-e", "ukiyo e", "ukiyoe", "woodblock", "hokusai", "hiroshige", "japanese print"],
    recipe: {
      palette: paletteOf("#8fb3c7 #efe0c0 #c8312b #2e4a62 #5b7a8c #cdb88f #d17a3a #c8312b #1e2a38 #efe3c6"),
      shading: "flat",
      outline: 3,
      backdrops: ["cloudBands", "sunburst"],
      steps: [
        { kind: "texture", texture: "paper", strength: 0.8 },
        { kind: "warp", amount: 2 },
      ],
      sketchWash: 0.55,
    },
  },
  {
    keywords: ["pop art", "comic", "warhol", "lichtenstein", "comic book"],
    recipe: {
      palette: paletteOf("#00b4e6 #7fdcf5 #ffde00 #ff5fa2 #ffde00 #00a651 #e4002b #ffde00 #000000 #fff7d6"),
      shading: "flat",
      outline: 9,
      layout: "poster",
      backdrops: ["halftoneSky", "sunburst"],
      steps: [
        { kind: "posterize", levels: 4 },
        { kind: "halftone", cell: 14, ink: "#1a1a1a" },
      ],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["linocut", "lino cut", "woodcut", "block print", "engraving", "etching", "screen print", "screenprint", "risograph"],
    recipe: {
      palette: paletteOf("#f2eadf #f2eadf #c1121f #1b1b1b #1b1b1b #1b1b1b #c1121f #c1121f #1b1b1b #f2eadf"),
      shading: "gradient",
      outline: 5,
      backdrops: ["sunburst"],
      steps: [
        { kind: "hatch", spacing: 11, wash: 0.85 },
        { kind: "inks", colours: ["#1b1b1b", "#c1121f", "#f2eadf"] },
        { kind: "warp", amount: 3 },
        { kind: "texture", texture: "paper", strength: 0.6 },
      ],
      sketchWash: 0.4,
    },
  },
  {
    keywords: ["art deco", "deco", "gatsby", "1920s"],
    recipe: {
      palette: paletteOf("#0e1a2b #24465a #e2bf5a #1f3a4d #15293b #0b1420 #d4af37 #f1e5b8 #d4af37 #10202f"),
      time: "night",
      outline: 3,
      layout: "poster",
      backdrops: ["decoFan", "decoFrame"],
      steps: [{ kind: "texture", texture: "grain", strength: 0.3 }],
      sketchWash: 0.4,
    },
  },
  {
    keywords: ["bauhaus", "de stijl", "mondrian", "constructivist", "swiss poster", "geometric"],
    recipe: {
      palette: paletteOf("#efe6d2 #efe6d2 #e63b2e #1d3557 #f2b705 #1d3557 #e63b2e #f2b705 #111111 #efe6d2"),
      shading: "flat",
      layout: "poster",
      backdrops: ["bauhausShapes"],
      steps: [{ kind: "texture", texture: "paper", strength: 0.45 }],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["art nouveau", "nouveau", "mucha", "jugendstil"],
    recipe: {
      palette: paletteOf("#e9dcbf #d6c49c #c99a4e #8a9a5b #6f8250 #4f5d3a #b5653c #3f6f73 #3b2f2a #efe4cc"),
      shading: "gradient",
      outline: 4,
      backdrops: ["halo", "nouveauFrame"],
      steps: [
        { kind: "posterize", levels: 9 },
        { kind: "texture", texture: "paper", strength: 0.5 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["minimalist", "minimal", "flat design", "vector", "flat illustration"],
    recipe: {
      palette: paletteOf("#f4d8c4 #fbeee2 #ef8354 #d9a5a0 #8fb996 #5f8f6c #2f4858 #ef8354 #2f4858 #fbeee2"),
      shading: "flat",
      layout: "poster",
      backdrops: ["halo"],
      steps: [],
      sketchWash: 0.7,
    },
  },
  {
    keywords: ["travel poster", "vintage poster", "retro poster", "wpa", "national park poster", "poster"],
    recipe: {
      palette: paletteOf("#f0a868 #f9e3b4 #fff1d0 #6f8fa0 #3f6b5c #2a4a40 #d9643a #f2c14e #1d2b2f #f6ead3"),
      shading: "flat",
      time: "sunset",
      backdrops: ["clouds", "posterBorder"],
      steps: [{ kind: "texture", texture: "paper", strength: 0.7 }],
      sketchWash: 0.65,
    },
  },
];
