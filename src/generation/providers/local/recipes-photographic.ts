// Style table rows for camera looks: film noir, sepia, photographs and dark, vignetted gothic.
import { paletteOf } from "./palette";
import type { KeywordRecipe } from "./style-recipe";

/** Camera looks: lens blur, film grain and vignettes. */
export const PHOTOGRAPHIC_RECIPES: KeywordRecipe[] = [
  {
    keywords: ["film noir", "noir", "black and white", "black-and-white", "monochrome"],
    recipe: {
      palette: paletteOf("#050505 #3c3c3c #f2f2f2 #2a2a2a #1a1a1a #0c0c0c #9a9a9a #e0e0e0 #f0f0f0 #121212"),
      time: "night",
      backdrops: ["blinds", "rain"],
      steps: [
        { kind: "grey", contrast: 1.6 },
        { kind: "texture", texture: "grain", strength: 1.1 },
        { kind: "vignette", strength: 0.8 },
      ],
      sketchWash: 0.2,
    },
  },
  {
    keywords: ["sepia", "vintage photo", "daguerreotype", "old photograph", "vintage"],
    recipe: {
      palette: paletteOf("#7a6a55 #d8c8a8 #f3e6c8 #9a8a70 #6f604c #4f4434 #8a5a3c #c49a6c #2b2118 #efe2c6"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 1.5 },
        { kind: "grey", contrast: 1.1, tint: "#b08a5a" },
        { kind: "texture", texture: "grain", strength: 0.9 },
        { kind: "vignette", strength: 0.9 },
      ],
      sketchWash: 0.3,
    },
  },
  {
    keywords: ["photograph", "photo", "photorealistic", "realistic", "cinematic", "35mm", "dslr", "hyperrealistic", "film still"],
    recipe: {
      palette: paletteOf("#4a78b5 #e3ebef #fff3d6 #8a9bb0 #6f8a4c #4d6535 #b5683b #7a3b2e #1c1c1c #f2f2f2"),
      shading: "gradient",
      backdrops: ["clouds"],
      steps: [
        { kind: "blur", sigma: 2.2 },
        { kind: "bloom", strength: 0.35 },
        { kind: "texture", texture: "grain", strength: 0.45 },
        { kind: "vignette", strength: 0.45 },
      ],
      sketchWash: 0.45,
    },
  },
  {
    keywords: ["gothic", "dark fantasy", "horror", "eerie", "haunted", "lovecraftian"],
    recipe: {
      palette: paletteOf("#150f1f #4a3a5c #d8d2c0 #2d2438 #221a2b #140f19 #6b5b7a #8b1e2d #0a070d #d8d2c0"),
      time: "night",
      backdrops: ["stars", "halo"],
      steps: [
        { kind: "texture", texture: "grain", strength: 0.55 },
        { kind: "vignette", strength: 0.85 },
      ],
      sketchWash: 0.35,
    },
  },
];
