// Turns a style phrase into a complete recipe: its earliest keyword sets the look, later ones lend passes.
import { rotateHue } from "./colour";
import { inventRecipe } from "./invented-recipe";
import { mapPalette, tintPalette } from "./palette";
import { containsPhrase, normaliseText, rankMatches } from "./phrase-match";
import { plainRecipe, saysNoStyle } from "./plain-recipe";
import { Rng, hashText } from "./random";
import { STYLE_RECIPES } from "./recipes";
import { completeRecipe, type RecipeSeed, type StyleRecipe } from "./style-recipe";

const RECIPES_BY_KEYWORDS = STYLE_RECIPES.map(({ keywords, recipe }): [RecipeSeed, string[]] => [recipe, keywords]);

/** Colour words a phrase can carry; the first listed that it contains tints the palette. */
const COLOUR_WORDS: Array<[string, string]> = [
  ["red", "#d62828"],
  ["crimson", "#b3122e"],
  ["orange", "#f77f00"],
  ["golden", "#e0a526"],
  ["gold", "#e0a526"],
  ["yellow", "#f6d743"],
  ["green", "#2a9d4f"],
  ["emerald", "#1f8a5b"],
  ["teal", "#1a9c9c"],
  ["blue", "#2563eb"],
  ["navy", "#1d2d5c"],
  ["purple", "#7b2cbf"],
  ["violet", "#7b2cbf"],
  ["pink", "#f06fa4"],
];

export function recipeForPhrase(stylePhrase: string): StyleRecipe {
  const phrase = normaliseText(stylePhrase);
  if (saysNoStyle(phrase)) return plainRecipe();
  const [primary, ...others] = rankMatches(phrase, RECIPES_BY_KEYWORDS);
  if (!primary) return inventRecipe(phrase);

  const recipe = completeRecipe(primary.value);
  // Later keywords lend their pixel passes but not their backdrops, whose frames would collide.
  for (const other of others) {
    for (const step of other.value.steps ?? []) {
      if (!recipe.steps.some((existing) => existing.kind === step.kind)) recipe.steps.push({ ...step });
    }
  }
  // A phrase with words beyond its keyword gets a small, stable twist so near-synonyms still differ.
  if (phrase !== primary.word) {
    const twist = new Rng(hashText(phrase));
    const degrees = twist.range(-16, 16);
    recipe.palette = mapPalette(recipe.palette, (colour) => rotateHue(colour, degrees));
  }
  const colourWord = COLOUR_WORDS.find(([word]) => containsPhrase(phrase, word) >= 0);
  if (colourWord) recipe.palette = tintPalette(recipe.palette, colourWord[1]);
  return recipe;
}
