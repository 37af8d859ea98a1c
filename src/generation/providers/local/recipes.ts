// The whole style table, the families joined in the order that settles keyword ties.
import { CRAFT_RECIPES } from "./recipes-crafts";
import { DIGITAL_RECIPES } from "./recipes-digital";
import { DRAWN_RECIPES } from "./recipes-drawn";
import { PAINTERLY_RECIPES } from "./recipes-painterly";
import { PHOTOGRAPHIC_RECIPES } from "./recipes-photographic";
import { PRINT_RECIPES } from "./recipes-print";
import type { KeywordRecipe } from "./style-recipe";

/**
 * Keywords are matched as whole words or phrases; the earliest match in the phrase sets the base look.
 * Two matches can start at the same place only where one keyword begins another ("poster paint" and
 * "poster", "vintage" and "vintage poster"); the earlier row wins, so gouache and sepia must stay
 * ahead of the travel poster, which is why the print family comes last.
 */
export const STYLE_RECIPES: KeywordRecipe[] = [
  ...PAINTERLY_RECIPES,
  ...DRAWN_RECIPES,
  ...PHOTOGRAPHIC_RECIPES,
  ...DIGITAL_RECIPES,
  ...CRAFT_RECIPES,
  ...PRINT_RECIPES,
];
