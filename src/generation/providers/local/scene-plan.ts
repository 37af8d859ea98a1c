// Plans a scene from the prompt: its words pick subject, setting, time and weather; its hash places them.
import { containsPhrase, normaliseText, rankMatches } from "./phrase-match";
import { firstObjectWordAt, tableItemsFor } from "./prompt-nouns";
import { Rng, hashText } from "./random";
import type { Scene, SubjectKind, TimeOfDay } from "./scene-model";
import { FOG_WORDS, POTTED_PLANT_WORDS, RAIN_WORDS, SETTING_WORDS, SUBJECT_HOME, SUBJECT_WORDS, TIME_WORDS, WOODS_WORDS } from "./scene-words";
import type { StyleRecipe } from "./style-recipe";

/**
 * Every random draw happens unconditionally and in a fixed order, so one prompt keeps the same
 * composition across all styles and models, as a matrix row should.
 */
export function planScene(basePrompt: string, recipe: StyleRecipe): Scene {
  const prompt = normaliseText(basePrompt);
  const seed = hashText(`scene:${prompt}`);
  const rng = new Rng(seed);
  const fallbackSubject = rng.pick<SubjectKind>(["arch", "orbs"]);
  const fallbackTime = rng.pick<TimeOfDay>(["day", "day", "sunset"]);
  const offCentre = rng.pick([-0.16, -0.1, 0.1, 0.16]);
  const sunSide = rng.pick([0.24, 0.76]);
  const horizon = rng.range(0.56, 0.66);
  const sunY = rng.range(0.2, 0.32);
  const mentions = (words: string[]) => words.some((word) => containsPhrase(prompt, word) >= 0);

  const named = rankMatches(prompt, SUBJECT_WORDS)[0];
  const objectAt = firstObjectWordAt(prompt);
  const tableItems = tableItemsFor(prompt);
  let subject: SubjectKind;
  if (objectAt >= 0 && (!named || objectAt < named.at)) subject = "table";
  else if (named) subject = named.value;
  else subject = tableItems.length > 0 ? "table" : fallbackSubject;
  let setting = rankMatches(prompt, SETTING_WORDS)[0]?.value ?? SUBJECT_HOME[subject];
  if (subject === "ship" || subject === "whale") setting = "sea";
  if (subject === "planet") setting = "space";
  const promptTime = (["night", "sunset"] as const).find((time) => mentions(TIME_WORDS[time]));
  let weather: Scene["weather"] = "clear";
  if (mentions(RAIN_WORDS)) weather = "rain";
  else if (setting === "snow") weather = "snow";
  else if (mentions(FOG_WORDS)) weather = "fog";
  const centred = recipe.layout !== "landscape" || subject === "city" || subject === "mountain" || subject === "planet";
  const offsetX = centred ? 0 : offCentre;
  return {
    subject,
    tableItems: subject === "table" ? tableItems : [],
    setting,
    time: promptTime ?? recipe.time ?? fallbackTime,
    weather,
    woods: setting !== "forest" && mentions(WOODS_WORDS),
    pottedPlant: subject !== "flower" && subject !== "tree" && mentions(POTTED_PLANT_WORDS),
    offsetX,
    horizon,
    sunX: offsetX === 0 ? sunSide : 0.5 - offsetX * 2.1,
    sunY,
    seed,
  };
}
