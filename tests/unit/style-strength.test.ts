// Style strength on the offline models, where the truth is known: real style phrases change the picture, boilerplate
// ("masterpiece, 8k") changes nothing but the strokes' randomness — so every real style must measure above it, the
// boilerplate must read as "no visible effect", and the order of the styles must not hang on the seed.
import { describe, expect, test } from "bun:test";
import sharp from "sharp";
import { DEFAULT_BASE_PROMPTS } from "../../src/generation/catalogue";
import { drawLocalImage } from "../../src/generation/providers/local";
import { styleFeaturesOf } from "../../src/generation/style-features";
import { measureStyleEffect, type StyleEffect } from "../../src/generation/style-measure";
import { strengthLevel, strengthSentence } from "../../src/features/gallery/style-strength";

const REAL_STYLES = ["stained glass", "film noir", "pixel art", "watercolor", "oil painting", "impressionist"];
const IGNORED = "masterpiece, 8k";
const MODELS = ["local:paint", "local:sketch"];
const SEEDS = [1, 2];
// Features are taken from a 96 px copy, so a small drawing measures what the full size would.
const SIZE = 256;

async function featuresOf(basePrompt: string, stylePhrase: string, modelKey: string, seed: number) {
  const png = await drawLocalImage({ basePrompt, stylePhrase, modelKey, size: SIZE, seed });
  return (await styleFeaturesOf(() => sharp(png))).vector;
}

async function measure(stylePhrase: string, modelKey: string, seed: number, baselines: number[][]): Promise<StyleEffect> {
  const styled = await Promise.all(DEFAULT_BASE_PROMPTS.map((prompt) => featuresOf(prompt, stylePhrase, modelKey, seed)));
  return measureStyleEffect(styled.map((vector, i) => ({ styled: vector, baseline: baselines[i]! })))!;
}

/** strengths[model][seed][phrase] */
const strengths = new Map<string, Map<number, Map<string, number>>>();

async function measureAll(): Promise<void> {
  for (const modelKey of MODELS) {
    const bySeed = new Map<number, Map<string, number>>();
    for (const seed of SEEDS) {
      const baselines = await Promise.all(DEFAULT_BASE_PROMPTS.map((prompt) => featuresOf(prompt, "", modelKey, seed)));
      const byPhrase = new Map<string, number>();
      for (const phrase of [...REAL_STYLES, IGNORED]) byPhrase.set(phrase, (await measure(phrase, modelKey, seed, baselines)).strength);
      bySeed.set(seed, byPhrase);
    }
    strengths.set(modelKey, bySeed);
  }
}

function ranking(byPhrase: Map<string, number>): string[] {
  return [...byPhrase].sort((a, b) => b[1] - a[1]).map(([phrase]) => phrase);
}

/** Spearman's rank correlation between two orderings of the same items. */
function rankCorrelation(a: string[], b: string[]): number {
  const n = a.length;
  const squared = a.reduce((sum, item, i) => sum + (i - b.indexOf(item)) ** 2, 0);
  return 1 - (6 * squared) / (n * (n * n - 1));
}

describe("measured style strength on the local models", () => {
  test(
    "every real style measures above boilerplate the renderer ignores, which reads as no visible effect",
    async () => {
      await measureAll();
      for (const modelKey of MODELS) {
        for (const seed of SEEDS) {
          const byPhrase = strengths.get(modelKey)!.get(seed)!;
          const ignored = byPhrase.get(IGNORED)!;
          expect({ modelKey, seed, level: strengthLevel(ignored) }).toEqual({ modelKey, seed, level: "none" });
          for (const phrase of REAL_STYLES) {
            const strength = byPhrase.get(phrase)!;
            expect({ phrase, modelKey, seed, above: strength > 2 * ignored, level: strengthLevel(strength) === "none" ? "none" : "visible" }).toEqual({
              phrase,
              modelKey,
              seed,
              above: true,
              level: "visible",
            });
          }
          // The last place goes to the ignored phrase, whatever the seed.
          expect(ranking(byPhrase).at(-1)).toBe(IGNORED);
        }
      }
    },
    240_000,
  );

  test("the order of the styles holds from one seed to the next", () => {
    for (const modelKey of MODELS) {
      const [first, second] = SEEDS.map((seed) => ranking(strengths.get(modelKey)!.get(seed)!));
      expect(rankCorrelation(first!, second!)).toBeGreaterThanOrEqual(0.9);
      // The strongest look stays the strongest.
      expect(second![0]).toBe(first![0]);
      // And each style keeps its word ("strong", "weak"…) on either seed.
      for (const phrase of REAL_STYLES) {
        const levels = SEEDS.map((seed) => strengthLevel(strengths.get(modelKey)!.get(seed)!.get(phrase)!));
        expect({ phrase, modelKey, levels: new Set(levels).size }).toEqual({ phrase, modelKey, levels: 1 });
      }
    }
  });

  test("on Local Paint a phrase of only boilerplate draws the very picture of no style", async () => {
    const [plain, boilerplate] = await Promise.all(["", IGNORED].map((phrase) => drawLocalImage({ basePrompt: DEFAULT_BASE_PROMPTS[0], stylePhrase: phrase, modelKey: "local:paint", size: 128 })));
    const [a, b] = await Promise.all([plain!, boilerplate!].map((png) => sharp(png).raw().toBuffer()));
    expect(a!.equals(b!)).toBe(true);
  });
});

describe("strengthSentence", () => {
  test("names each model's level, strongest first, and groups models that share one", () => {
    const entry = (modelKey: string, level: "strong" | "moderate" | "weak" | "none") => ({ modelKey, level, score: 0, consistency: 1, prompts: 4 });
    expect(strengthSentence([entry("local:paint", "strong"), entry("local:sketch", "weak")])).toBe("Strong on Local Paint, weak on Local Sketch");
    expect(strengthSentence([entry("local:sketch", "none")])).toBe("No visible effect on Local Sketch");
    expect(strengthSentence([entry("local:paint", "none"), entry("local:sketch", "none"), entry("local:pixel", "none")])).toBe(
      "No visible effect on Local Paint, Local Sketch and Local Pixel",
    );
  });
});
