// The look the offline models draw with no style phrase, and the boilerplate words they cannot see.
import { paletteOf } from "./palette";
import { completeRecipe, type StyleRecipe } from "./style-recipe";

/**
 * Quality boilerplate that style lists are full of and that changes no look, on real models as here: a phrase
 * made of nothing else draws exactly the plain look (only the strokes' randomness differs, as with a new seed).
 */
const IGNORED_WORDS = [
  "masterpiece",
  "best quality",
  "high quality",
  "highly detailed",
  "ultra detailed",
  "detailed",
  "intricate",
  "sharp focus",
  "trending on artstation",
  "award winning",
  "4k",
  "8k",
  "hd",
  "uhd",
];

const IGNORED_PATTERN = new RegExp(`(^|[^a-z0-9])(${IGNORED_WORDS.join("|")})(?=$|[^a-z0-9])`, "g");

/** True for the empty phrase and for one that says nothing but boilerplate ("masterpiece, 8k"). */
export function saysNoStyle(normalisedPhrase: string): boolean {
  return normalisedPhrase.replace(IGNORED_PATTERN, " ").replace(/[^\p{L}\p{N}]+/gu, "") === "";
}

/** Daylight colours, soft gradients, no raster passes: what each model's own passes then make of a scene. */
export function plainRecipe(): StyleRecipe {
  return completeRecipe({
    palette: paletteOf("#6fa3d8 #dbe9f2 #fff1c9 #9db4c8 #6e9a58 #557a42 #c0713f #3f6fa0 #262626 #f4f1ea"),
    shading: "gradient",
    backdrops: ["clouds"],
  });
}
