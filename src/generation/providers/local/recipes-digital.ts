// Style table rows for screen and render looks: pixel art, neon, retro wave, glitch, anime, isometric and clay renders.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** The Sweetie 16 palette (GrafxKid), a common choice for pixel art. */
const SWEETIE_16 = [
  "#1a1c2c", "#5d275d", "#b13e53", "#ef7d57", "#ffcd75", "#a7f070", "#38b764", "#257179",
  "#29366f", "#3b5dc9", "#41a6f6", "#73eff7", "#f4f4f4", "#94b0c2", "#566c86", "#333c57",
];

/** Screen and render looks: pixels, neon glow, scanlines, cel and clay shading. */
export const DIGITAL_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["pixel art", "pixel", "8-bit", "8 bit", "16-bit", "16 bit", "retro game", "sprite"],
    recipe: {
      palette: paletteOf("#29366f #41a6f6 #ffcd75 #566c86 #38b764 #257179 #ef7d57 #b13e53 #1a1c2c #f4f4f4"),
      shading: "flat",
      outline: 6,
      backdrops: ["clouds"],
      steps: [{ kind: "pixelate", cells: 64 }],
      pixelPalette: SWEETIE_16,
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["cyberpunk", "neon", "blade runner", "tron", "futuristic city"],
    recipe: {
      palette: paletteOf("#070216 #3b0d5e #ff2a6d #2a1458 #160a36 #07020f #05d9e8 #ff2a6d #d1f7ff #0b0420"),
      time: "night",
      outline: 5,
      backdrops: ["stars", "grid", "rain"],
      steps: [
        { kind: "bloom", strength: 0.9 },
        { kind: "scanlines", strength: 0.12 },
        { kind: "chroma", offset: 3 },
      ],
      sketchWash: 0.45,
    },
  },
  {
    keywords: ["vaporwave", "vapourwave", "aesthetic", "y2k"],
    recipe: {
      palette: paletteOf("#7b4bff #ff8fd8 #fffb96 #01cdfe #05ffa1 #2d0a4e #ff71ce #01cdfe #2d0a4e #ffe3f6"),
      time: "sunset",
      shading: "gradient",
      backdrops: ["stripedSun", "grid", "halftoneSky"],
      steps: [
        { kind: "chroma", offset: 6 },
        { kind: "scanlines", strength: 0.18 },
        { kind: "posterize", levels: 6 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["synthwave", "outrun", "retrowave", "80s", "retro futurism"],
    recipe: {
      palette: paletteOf("#0d0430 #c0207a #ffd319 #3a0f62 #1d0840 #0d0430 #ff6ec7 #00f0ff #00f0ff #120458"),
      time: "night",
      outline: 4,
      backdrops: ["stars", "stripedSun", "grid"],
      steps: [{ kind: "bloom", strength: 0.7 }],
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["glitch", "datamosh", "vhs", "crt"],
    recipe: {
      palette: paletteOf("#0a0a12 #26264a #ff3864 #3a2d7a #1f1f3a #0a0a12 #2de2e6 #ff3864 #f6f6f6 #0a0a12"),
      time: "night",
      backdrops: ["stars", "grid"],
      steps: [
        { kind: "chroma", offset: 12 },
        { kind: "scanlines", strength: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.6 },
      ],
      sketchWash: 0.5,
    },
  },
  {
    keywords: ["anime", "manga", "cel shaded", "cel-shaded", "lo-fi", "lofi", "cartoon", "shonen"],
    recipe: {
      palette: paletteOf("#2f86d6 #c4e8ff #fff4c2 #86b9dc #5cbf6a #3e9a4f #f08a5d #2f4b7c #1f2a44 #fdfbf5"),
      shading: "cel",
      outline: 4,
      backdrops: ["clouds"],
      steps: [
        { kind: "bloom", strength: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.12 },
      ],
      sketchWash: 0.75,
    },
  },
  {
    keywords: ["isometric", "diorama", "tiny world", "miniature"],
    recipe: {
      palette: paletteOf("#bde4f4 #fdf1e1 #ffe29a #a9c8e6 #8fd18b #6bb36e #ff8a5b #5b8def #2f3a56 #fff8ee"),
      layout: "isometric",
      outline: 2,
      backdrops: ["clouds"],
      steps: [{ kind: "texture", texture: "grain", strength: 0.15 }],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["claymation", "clay", "plasticine", "stop motion", "stop-motion", "3d render", "3d", "pixar"],
    recipe: {
      palette: paletteOf("#8ecae6 #fdf0d5 #ffb703 #a3c4bc #90be6d #6a994e #f28482 #f6bd60 #3d405b #fdf0d5"),
      shading: "clay",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 2 },
        { kind: "texture", texture: "clay", strength: 0.8 },
        { kind: "vignette", strength: 0.25 },
      ],
      sketchWash: 0.7,
    },
  },
];
