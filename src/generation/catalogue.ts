// The default catalogue every fresh gallery starts with: base prompts × style phrases × local models, as a matrix run.
import type { Database } from "bun:sqlite";
import { planMatrixRun, type PlannedMatrixRun } from "./matrix";

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

/** Queues the catalogue cells the gallery does not have yet (none on a second run). */
export function planCatalogue(sqlite: Database): PlannedMatrixRun | null {
  return planMatrixRun(sqlite, {
    basePrompts: DEFAULT_BASE_PROMPTS,
    stylePhrases: DEFAULT_STYLE_PHRASES,
    modelKeys: DEFAULT_MODEL_KEYS,
    skipExisting: true,
  });
}
