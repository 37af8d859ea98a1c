// The default catalogue every fresh gallery starts with: base prompts × style phrases × local models, as a matrix run,
// plus each prompt × model with no style phrase, the baselines that style strength is measured against.
import type { Data } from "../db/data";
import { rankCuratedCellsOnce } from "../db/renders";
import { slugifyStyle } from "../domain/style-phrase";
import { type MatrixCell, planMatrixRun, type PlannedMatrixRun } from "./matrix";

export const DEFAULT_BASE_PROMPTS = [
  "a red fox in a snowy forest",
  "a lighthouse on a rocky coast at dusk",
  "a tin robot watering a houseplant",
  "a quiet city street after rain",
] as const;

export const DEFAULT_STYLE_PHRASES = [
  "oil painting",
  "watercolor",
  "pixel art",
  "neon cyberpunk",
  "vaporwave",
  "ukiyo-e woodblock print",
  "art deco poster",
  "pencil sketch",
  "film noir",
  "pop art",
  "stained glass",
  "mosaic",
  "low poly",
  "isometric diorama",
  "bauhaus",
  "impressionist",
  "art nouveau",
  "blueprint",
  "synthwave",
  "pastel dreamscape",
  "gouache illustration",
  "linocut",
  "origami paper craft",
  "claymation",
  "charcoal drawing",
  "retro travel poster",
] as const;

export const DEFAULT_MODEL_KEYS = ["local:sketch", "local:paint"] as const;

// The home page leads with these (its small matrix shows the first six as columns); the rest follow.
const LEADING_STYLES = ["oil painting", "pixel art", "ukiyo-e woodblock print", "neon cyberpunk", "watercolor", "stained glass"];

/** The home page's first-screen table: every default prompt (rows) across the leading styles (columns). */
export const HOME_TABLE = { prompts: DEFAULT_BASE_PROMPTS, styles: LEADING_STYLES } as const;

/** The model each style is shown in: each pass through the prompts switches model. */
function curatedModel(styleIndex: number): string {
  return DEFAULT_MODEL_KEYS[Math.floor(styleIndex / DEFAULT_BASE_PROMPTS.length) % DEFAULT_MODEL_KEYS.length]!;
}

/**
 * The curated set: every style once, on a diagonal through the matrix — style i shows prompt i mod 4,
 * and each pass through the prompts switches model — so the home page spans prompts, styles and models.
 */
export function curatedCells(): { basePrompt: string; stylePhrase: string; modelKey: string }[] {
  const styles = [...LEADING_STYLES, ...DEFAULT_STYLE_PHRASES.filter((phrase) => !LEADING_STYLES.includes(phrase))];
  return styles.map((stylePhrase, index) => ({
    stylePhrase,
    basePrompt: DEFAULT_BASE_PROMPTS[index % DEFAULT_BASE_PROMPTS.length]!,
    modelKey: curatedModel(index),
  }));
}

/**
 * The home table's cells, in painting order: its diagonal (the leading styles' curated cells) first, so every
 * column has an image early, then row by row. Each column keeps its curated cell's model.
 */
function homeTableCells(): string[] {
  const diagonal = curatedCells().slice(0, LEADING_STYLES.length);
  const rows = DEFAULT_BASE_PROMPTS.flatMap((basePrompt) => LEADING_STYLES.map((stylePhrase, index) => ({ basePrompt, stylePhrase, modelKey: curatedModel(index) })));
  return [...new Set([...diagonal, ...rows].map(cellKey))];
}

function cellKey(cell: { basePrompt: string; stylePhrase: string; modelKey: string }): string {
  return `${cell.basePrompt}|${cell.stylePhrase}|${cell.modelKey}`;
}

/** Ranks the curated cells, once: a gallery whose curation anyone has touched is left alone. */
function curateCatalogue(data: Data): Promise<void> {
  return rankCuratedCellsOnce(
    data,
    curatedCells().map((cell) => ({ basePrompt: cell.basePrompt, styleSlug: slugifyStyle(cell.stylePhrase), modelKey: cell.modelKey })),
  );
}

/**
 * The painting order of a fresh gallery: the home page's first-screen table first (a newcomer sees it fill),
 * then the rest of the curated set in its order (one render per style), then the no-style baselines (one per
 * prompt × model, unseen, so the first screen is not kept waiting for them), then the rest, one prompt × model
 * pass over every style at a time, so each style page gains a cell per pass and, with the baselines in, a
 * measured strength from its second pass on.
 */
function paintingOrder(): (cell: MatrixCell) => number {
  const leading = [...new Set([...homeTableCells(), ...curatedCells().map(cellKey)])];
  const rankOf = new Map(leading.map((key, index) => [key, index]));
  const baselines = DEFAULT_BASE_PROMPTS.length * DEFAULT_MODEL_KEYS.length;
  return (cell) => {
    const rank = rankOf.get(cellKey({ basePrompt: cell.basePrompt, stylePhrase: cell.phrase, modelKey: cell.modelKey }));
    if (rank !== undefined) return rank;
    const prompt = DEFAULT_BASE_PROMPTS.indexOf(cell.basePrompt as (typeof DEFAULT_BASE_PROMPTS)[number]);
    const model = DEFAULT_MODEL_KEYS.indexOf(cell.modelKey as (typeof DEFAULT_MODEL_KEYS)[number]);
    const pass = prompt * DEFAULT_MODEL_KEYS.length + model;
    if (cell.phrase === "") return leading.length + pass;
    const style = DEFAULT_STYLE_PHRASES.indexOf(cell.phrase as (typeof DEFAULT_STYLE_PHRASES)[number]);
    return leading.length + baselines + DEFAULT_STYLE_PHRASES.length * pass + style;
  };
}

/** Queues the catalogue cells the gallery does not have yet (none on a second run), curated set first, and curates it. */
export async function planCatalogue(data: Data): Promise<PlannedMatrixRun | null> {
  const run = await planMatrixRun(data, {
    basePrompts: DEFAULT_BASE_PROMPTS,
    stylePhrases: DEFAULT_STYLE_PHRASES,
    modelKeys: DEFAULT_MODEL_KEYS,
    skipExisting: true,
    paintingOrder: paintingOrder(),
    baselines: true,
  });
  await curateCatalogue(data);
  return run;
}
