// Reads the things a prompt names for a still life: known objects by their words, other nouns by where they sit in the phrase.
import { containsPhrase } from "./phrase-match";
import { hashText } from "./random";
import { FOG_WORDS, RAIN_WORDS, SETTING_WORDS, TIME_WORDS } from "./scene-words";
import { GENERIC_OBJECTS, OBJECT_WORDS, type TableObject } from "./table-objects";

export interface TableItem {
  object: TableObject;
  /** The prompt's word for it; shown on a card when the shape alone would not say what it is. */
  noun: string;
  labelled: boolean;
}

/** Words that end a noun phrase without being one (articles, prepositions, conjunctions, pronouns, counts). */
const BREAK_WORDS = new Set(
  (
    "a an the of on in at by for to from with without into onto over under above below near beside behind between " +
    "and or but nor so as like than then while after before during through across around against along among " +
    "this that these those my your his her its our their some any every each all no one two three four five many few " +
    "is are was were be been being has have had do does did very really just also"
  ).split(" "),
);

/** Words a prompt often carries that are not things to draw. */
const NOT_THINGS = new Set(
  (
    "something anything everything nothing thing things stuff scene view picture image photo photograph shot closeup close-up " +
    "background foreground style detailed beautiful cinematic realistic highly lighting light colorful colourful"
  ).split(" "),
);

const SCENE_WORDS = new Set([
  ...SETTING_WORDS.flatMap(([, words]) => words),
  ...Object.values(TIME_WORDS).flat(),
  ...RAIN_WORDS,
  ...FOG_WORDS,
]);

export function objectForWord(word: string): TableObject | undefined {
  const singular = word.endsWith("s") && word.length > 3 ? word.slice(0, -1) : word;
  return OBJECT_WORDS.find(([, words]) => words.includes(word) || words.includes(singular))?.[0];
}

/** Whether the prompt names any object a still life can draw, and where the first one starts (-1 if none). */
export function firstObjectWordAt(prompt: string): number {
  let first = -1;
  for (const [, words] of OBJECT_WORDS) {
    for (const word of words) {
      const at = containsPhrase(prompt, word);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
  }
  return first;
}

/**
 * Up to three things for the table, in prompt order. The head of each noun phrase (its last word
 * before a break word, an -ing verb or punctuation) is a thing; known objects are drawn as
 * themselves, and when there are none the unknown heads get generic shapes with their names on cards.
 */
export function tableItemsFor(prompt: string): TableItem[] {
  const heads: Array<{ word: string; afterOf: boolean }> = [];
  for (const chunk of prompt.split(/[,.;:!?()]+/)) {
    let current: string | undefined;
    let sawOf = false;
    for (const word of chunk.split(/[^a-z'-]+/).filter(Boolean)) {
      const isBreak = BREAK_WORDS.has(word) || (word.endsWith("ing") && word.length > 5);
      if (!isBreak) {
        current = word;
        continue;
      }
      if (current) heads.push({ word: current, afterOf: sawOf });
      if (current) sawOf = false;
      current = undefined;
      if (word === "of") sawOf = true;
    }
    if (current) heads.push({ word: current, afterOf: sawOf });
  }
  const things = heads.filter(({ word }) => word.length > 2 && word.length <= 18 && !NOT_THINGS.has(word) && !SCENE_WORDS.has(word));
  const known: TableItem[] = [];
  let previousWasKnown = false;
  for (const { word, afterOf } of things) {
    const object = objectForWord(word);
    const previous = known[known.length - 1];
    // "a bowl of ramen", "a bottle of wine": a vessel and what is in it are one thing.
    if (object && previous && previousWasKnown && afterOf) {
      if (sameVessel(previous.object, object) && object !== "bowl") previous.object = object;
      continue;
    }
    previousWasKnown = object !== undefined;
    if (object) known.push({ object, noun: word, labelled: false });
  }
  if (known.length > 0) return known.slice(0, 3);
  const unknown = [...new Set(things.map(({ word }) => word))];
  return unknown.slice(0, 3).map((noun) => ({ object: GENERIC_OBJECTS[hashText(noun) % GENERIC_OBJECTS.length]!, noun, labelled: true }));
}

function sameVessel(a: TableObject, b: TableObject): boolean {
  const bowls: TableObject[] = ["bowl", "noodleBowl", "soupBowl", "saladBowl"];
  return bowls.includes(a) && bowls.includes(b);
}
