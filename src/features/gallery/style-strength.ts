// Reads measured style strength for pages: per style and model, a 0–100 score and a word for it, and the styles
// ordered by strength for explore. The measures themselves are kept by src/generation/style-measures.ts.
import type { Data } from "../../db/data";
import { measuredStrengths, stylesByMeasuredStrength, type StrengthRow } from "../../db/style-strength";
import { modelLabel } from "../../generation/models/catalogue";
import type { StyleJson } from "./model";

export type StrengthLevel = "none" | "weak" | "moderate" | "strong";

export interface ModelStrength {
  modelKey: string;
  /** 0–100. */
  score: number;
  level: StrengthLevel;
  /** 0–1: how alike the change is from prompt to prompt. */
  consistency: number;
  prompts: number;
}

/**
 * Cut-offs on the measured strength (a distance in feature space), set on the offline models where the truth is
 * known: a phrase they ignore measures 0–0.03 (only the strokes' randomness moves), the mildest real style about
 * 0.09, hard looks such as stained glass or film noir 0.5 and more.
 */
const NO_EFFECT_BELOW = 0.05;
const WEAK_BELOW = 0.15;
const STRONG_FROM = 0.3;
/** The strength that scores 100. */
const FULL_SCALE = 0.6;

export function strengthLevel(strength: number): StrengthLevel {
  if (strength < NO_EFFECT_BELOW) return "none";
  if (strength < WEAK_BELOW) return "weak";
  return strength < STRONG_FROM ? "moderate" : "strong";
}


function toModelStrength(row: StrengthRow): ModelStrength {
  return {
    modelKey: row.model_key,
    score: Math.round(100 * Math.min(1, row.strength / FULL_SCALE)),
    level: strengthLevel(row.strength),
    consistency: Math.round((row.consistency ?? 0) * 100) / 100,
    prompts: row.prompt_pairs,
  };
}

/** Measured strengths of each of these styles, strongest model first; styles not yet measured are absent. */
export async function strengthsOfStyles(data: Data, slugs: readonly string[]): Promise<Map<string, ModelStrength[]>> {
  const rows = await measuredStrengths(data, slugs);
  const bySlug = new Map<string, ModelStrength[]>();
  for (const row of rows) bySlug.set(row.style_slug, [...(bySlug.get(row.style_slug) ?? []), toModelStrength(row)]);
  return bySlug;
}

const LEVEL_WORDS: Record<StrengthLevel, string> = {
  strong: "strong",
  moderate: "moderate",
  weak: "weak",
  none: "no visible effect",
};

/** "Strong on Local Paint, weak on Local Sketch"; "No visible effect on Local Paint and Local Sketch". */
export function strengthSentence(strengths: readonly ModelStrength[]): string {
  const byLevel = new Map<StrengthLevel, string[]>();
  for (const entry of strengths) byLevel.set(entry.level, [...(byLevel.get(entry.level) ?? []), modelLabel(entry.modelKey)]);
  const text = [...byLevel]
    .map(([level, models]) => `${LEVEL_WORDS[level]} on ${models.length > 1 ? `${models.slice(0, -1).join(", ")} and ${models.at(-1)}` : models[0]}`)
    .join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Explore's "strongest effect" order: styles by their measured strength on `model` (on their strongest model
 * when none is named), unmeasured ones last, A–Z within ties. With a model, only styles that have renders on it.
 */
export async function stylesByStrength(data: Data, params: { model: string | null; offset: number; limit: number }): Promise<{ styles: StyleJson[]; total: number }> {
  return stylesByMeasuredStrength(data, params);
}
