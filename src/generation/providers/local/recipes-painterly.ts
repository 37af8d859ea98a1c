// Style table rows for paint media: oil, watercolour, impressionism, pastel, gouache, ink painting, steampunk.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** Paint media: brush strokes, washes and canvas or paper texture. */
export const PAINTERLY_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["oil painting", "oil on canvas", "oil", "baroque", "renaissance", "rembrandt", "classical painting"],
    recipe: {
      palette: paletteOf("#2c4f74 #e9c27f #ffd98a #6d7c99 #667c3c #3f5629 #c4622d #8e2424 #2a1c12 #efe4cf"),
      backdrops: ["clouds"],
      steps: [
        { kind: "brush", size: 1.3, swirl: 0.4 },
        { kind: "texture", texture: "canvas", strength: 0.55 },
        { kind: "vignette", strength: 0.35 },
      ],
      sketchWash: 0.35,
    },
  },
  {
    keywords: ["watercolor", "watercolour", "aquarelle", "ink wash"],
    recipe: {
      palette: paletteOf("#9ccbe6 #fbeedd #f6a96b #b4c7da #9cc8a2 #82b28d #e07a5f #3d5a80 #4a4e69 #fbf8f1"),
      shading: "flat",
      backdrops: ["clouds"],
      steps: [
        { kind: "warp", amount: 7 },
        { kind: "texture", texture: "watercolor", strength: 0.9 },
      ],
      sketchWash: 0.75,
    },
  },
  {
    keywords: ["impressionist", "impressionism", "monet", "renoir", "plein air", "van gogh", "post-impressionist", "starry night"],
    recipe: {
      palette: paletteOf("#5b8fd6 #fdf0c4 #ffd166 #9fb7a0 #8fc06a #5d9447 #e76f51 #f4a261 #2d3142 #f6f1e3"),
      backdrops: ["swirls", "clouds"],
      steps: [
        { kind: "brush", size: 1, swirl: 1 },
        { kind: "texture", texture: "canvas", strength: 0.35 },
      ],
      sketchWash: 0.6,
    },
  },
  {
    keywords: ["pastel", "soft pastel", "kawaii", "cute"],
    recipe: {
      palette: paletteOf("#cdb4db #ffd6e5 #fff1c1 #bde0fe #a2d2ff #c8f3c0 #ffafcc #b8c0ff #6d6875 #fff7fb"),
      shading: "clay",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 1.2 },
        { kind: "texture", texture: "grain", strength: 0.2 },
      ],
      sketchWash: 0.8,
    },
  },
  {
    keywords: ["gouache", "poster paint", "tempera", "storybook", "illustration", "ghibli"],
    recipe: {
      palette: paletteOf("#3a7ca5 #d9f0ee #f6bd60 #84a59d #52a37a #2a7f62 #e76f51 #264653 #203040 #f5f0e6"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "brush", size: 0.7, swirl: 0.2 },
        { kind: "texture", texture: "paper", strength: 0.6 },
      ],
      sketchWash: 0.65,
    },
  },
  {
    keywords: ["sumi-e", "sumi e", "chinese painting", "ink painting", "calligraphy"],
    recipe: {
      palette: paletteOf("#e8e2d0 #f3efe2 #b22222 #9c988d #6f6b62 #4a4740 #3a3833 #b22222 #161512 #f3efe2"),
      shading: "gradient",
      backdrops: [],
      steps: [
        { kind: "grey", contrast: 1.2 },
        { kind: "warp", amount: 5 },
        { kind: "texture", texture: "watercolor", strength: 1.1 },
      ],
      sketchWash: 0.1,
    },
  },
  {
    keywords: ["steampunk", "brass", "victorian", "clockwork"],
    recipe: {
      palette: paletteOf("#3b2a1e #c8925a #f2c572 #6b4f36 #5a4030 #3a281b #b87333 #4a7c74 #21160e #e8d5b0"),
      time: "sunset",
      outline: 3,
      backdrops: ["clouds", "halo"],
      steps: [
        { kind: "brush", size: 0.8, swirl: 0.3 },
        { kind: "texture", texture: "grain", strength: 0.5 },
        { kind: "vignette", strength: 0.6 },
      ],
      sketchWash: 0.45,
    },
  },
];
