// The offline models draw what was asked in the style asked: every style shows on every model, and any prompt gets a readable picture.
import { describe, expect, test } from "bun:test";
import sharp from "sharp";
import { drawLocalImage } from "../../src/generation/providers/local";
import { planScene } from "../../src/generation/providers/local/scene-plan";
import { recipeForPhrase } from "../../src/generation/providers/local/recipe-for-phrase";

const MODELS = ["local:paint", "local:sketch", "local:pixel"];
const STYLES = ["oil painting", "watercolor", "pixel art", "neon cyberpunk", "ukiyo-e woodblock print", "pencil sketch", "stained glass", "bauhaus"];
const SIZE = 384;

function draw(basePrompt: string, stylePhrase: string, modelKey: string): Promise<Buffer> {
  return drawLocalImage({ basePrompt, stylePhrase, modelKey, size: SIZE });
}

async function grey(png: Buffer, edge: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp(png).resize(edge, edge, { fit: "fill" }).greyscale().raw().toBuffer());
}

function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
}

/**
 * What the surface is made of, whatever its colours: a histogram of local detail (each pixel's
 * distance from its blurred neighbourhood). Hatching, brush strokes, pixel steps, lead lines and flat
 * washes each leave their own mix, so two styles that differ only in palette score near 0.
 */
async function surfaceSignature(png: Buffer): Promise<number[]> {
  const base = sharp(png).resize(256, 256, { fit: "fill" }).greyscale();
  const sharpPixels = new Uint8Array(await base.clone().raw().toBuffer());
  const blurred = new Uint8Array(await base.clone().blur(2).raw().toBuffer());
  const bins = new Array<number>(8).fill(0);
  for (let i = 0; i < sharpPixels.length; i++) {
    const detail = Math.abs(sharpPixels[i]! - blurred[i]!);
    bins[Math.min(7, Math.floor(Math.sqrt(detail) * 1.6))]! += 1 / sharpPixels.length;
  }
  return bins;
}

function signatureDistance(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0);
}

/** Share of strong-gradient pixels in the middle of the picture, where the subject stands. */
async function centreEdgeDensity(png: Buffer): Promise<number> {
  const g = await grey(png, 256);
  let strong = 0;
  let total = 0;
  for (let y = 64; y < 192; y++) {
    for (let x = 64; x < 192; x++) {
      const i = y * 256 + x;
      if (Math.abs(g[i + 1]! - g[i - 1]!) + Math.abs(g[i + 256]! - g[i - 256]!) > 40) strong++;
      total++;
    }
  }
  return strong / total;
}

describe("every local model shows every style", () => {
  for (const modelKey of MODELS) {
    test(`${modelKey}: ${STYLES.length} styles differ pairwise in tone and in surface (strokes, hatching, pixels, cells)`, async () => {
      const pngs = await Promise.all(STYLES.map((stylePhrase) => draw("a red fox in a snowy forest", stylePhrase, modelKey)));
      const tones = await Promise.all(pngs.map((png) => grey(png, 64)));
      const surfaces = await Promise.all(pngs.map(surfaceSignature));
      const alike: string[] = [];
      for (let i = 0; i < STYLES.length; i++) {
        for (let j = i + 1; j < STYLES.length; j++) {
          const tone = meanAbsoluteDifference(tones[i]!, tones[j]!);
          const surface = signatureDistance(surfaces[i]!, surfaces[j]!);
          if (tone <= 8) alike.push(`${STYLES[i]} vs ${STYLES[j]}: grey difference ${tone.toFixed(1)}`);
          if (surface < 0.1) alike.push(`${STYLES[i]} vs ${STYLES[j]}: surface distance ${surface.toFixed(2)}`);
        }
      }
      expect(alike).toEqual([]);
    });

    test(`${modelKey}: one style on different prompts gives different pictures`, async () => {
      const prompts = ["a bowl of ramen", "a lighthouse on a rocky coast at dusk", "a giraffe in the savanna", "a stack of books and a candle"];
      const tones = await Promise.all(prompts.map(async (prompt) => grey(await draw(prompt, "watercolor", modelKey), 64)));
      for (let i = 0; i < prompts.length; i++) {
        for (let j = i + 1; j < prompts.length; j++) {
          expect({ pair: `${prompts[i]} / ${prompts[j]}`, differs: meanAbsoluteDifference(tones[i]!, tones[j]!) > 6 }).toEqual({
            pair: `${prompts[i]} / ${prompts[j]}`,
            differs: true,
          });
        }
      }
    });
  }
});

describe("any prompt gets a picture of its words", () => {
  test("prompts naming no drawn subject are not blurred blobs: their middle is as detailed as a fox's", async () => {
    const blobs: string[] = [];
    for (const [modelKey, share] of [["local:paint", 0.6], ["local:pixel", 0.5]] as const) {
      for (const stylePhrase of ["watercolor", "claymation"]) {
        const fox = await centreEdgeDensity(await draw("a red fox in a snowy forest", stylePhrase, modelKey));
        for (const prompt of ["a bowl of ramen", "a giraffe in the savanna", "an old typewriter", "a jar of honey"]) {
          const density = await centreEdgeDensity(await draw(prompt, stylePhrase, modelKey));
          if (density < fox * share) blobs.push(`${prompt} (${modelKey}, ${stylePhrase}): ${density.toFixed(3)} vs fox ${fox.toFixed(3)}`);
        }
      }
    }
    expect(blobs).toEqual([]);
  });

  test("food and household things are drawn as themselves on a table; a bowl and its contents are one bowl", () => {
    const plan = (prompt: string) => planScene(prompt, recipeForPhrase("watercolor"));
    expect(plan("a bowl of ramen")).toMatchObject({ subject: "table", tableItems: [{ object: "noodleBowl", labelled: false }] });
    expect(plan("an apple and a bottle of wine").tableItems.map((item) => item.object)).toEqual(["fruit", "bottle"]);
    expect(plan("a slice of birthday cake").tableItems.map((item) => item.object)).toEqual(["cake"]);
  });

  test("unknown things get shapes with their names on cards, and scene words set the scene instead", () => {
    const scene = planScene("a giraffe eating leaves in the savanna at sunset", recipeForPhrase("watercolor"));
    expect(scene.subject).toBe("table");
    expect(scene.tableItems.map((item) => [item.noun, item.labelled])).toEqual([["giraffe", true], ["leaves", true]]);
    expect(scene.setting).toBe("desert");
    expect(scene.time).toBe("sunset");
  });

  test("a named subject still wins over a still life, and words after it do not change it", () => {
    expect(planScene("a red fox next to a bowl of soup", recipeForPhrase("watercolor")).subject).toBe("fox");
    expect(planScene("a bowl of soup next to a red fox", recipeForPhrase("watercolor")).subject).toBe("table");
  });

  test("a still life's card text is escaped: markup-like words cannot break the drawing", async () => {
    const png = await draw(`a <svg> & "quoted" thing's </text>`, "watercolor", "local:paint");
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width]).toEqual(["png", SIZE]);
  });
});

describe("more animals", () => {
  test("rabbits, bears, horses and butterflies are drawn as themselves, not as a still life", () => {
    const subjectOf = (prompt: string) => planScene(prompt, recipeForPhrase("gouache")).subject;
    expect(["a white rabbit in a garden", "a brown bear in the woods", "a horse on a beach", "a butterfly over flowers"].map(subjectOf)).toEqual([
      "rabbit",
      "bear",
      "horse",
      "butterfly",
    ]);
  });

  test("each new animal makes its own picture", async () => {
    const prompts = ["a rabbit", "a bear", "a horse", "a butterfly"];
    const tones = await Promise.all(prompts.map(async (prompt) => grey(await draw(prompt, "gouache", "local:paint"), 64)));
    for (let i = 0; i < prompts.length; i++) {
      for (let j = i + 1; j < prompts.length; j++) expect(meanAbsoluteDifference(tones[i]!, tones[j]!)).toBeGreaterThan(3);
    }
  });
});
