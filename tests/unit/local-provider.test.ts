// The offline local provider: deterministic 1024² PNGs whose look follows the style phrase, the prompt and the model.
import { describe, expect, test } from "bun:test";
import sharp from "sharp";
import { drawLocalImage, isLocalModel, LOCAL_MODELS } from "../../src/generation/providers/local";

const PROMPT = "a red fox in a snowy forest";
const STYLES = [
  "oil painting",
  "watercolor",
  "pixel art",
  "neon cyberpunk",
  "ukiyo-e woodblock print",
  "pencil sketch",
  "stained glass",
  "bauhaus",
];
const FINGERPRINT_EDGE = 64;

/** The image shrunk to 64×64 RGB: keeps palette and composition, drops exact pixels. */
async function fingerprint(png: Buffer): Promise<Uint8Array> {
  const { data } = await sharp(png)
    .resize(FINGERPRINT_EDGE, FINGERPRINT_EDGE, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

/** Mean absolute difference per channel, 0 (same) to 255 (opposite). */
function difference(a: Uint8Array, b: Uint8Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i]! - b[i]!);
  return total / a.length;
}

describe("LOCAL_MODELS / isLocalModel", () => {
  test("offers a sketch and a paint model, each with a label and a description", () => {
    expect(Object.keys(LOCAL_MODELS)).toEqual(expect.arrayContaining(["local:sketch", "local:paint"]));
    for (const model of Object.values(LOCAL_MODELS)) {
      expect(model.label.length).toBeGreaterThan(0);
      expect(model.description.length).toBeGreaterThan(0);
    }
  });

  test("recognises only its own keys", () => {
    expect(isLocalModel("local:sketch")).toBe(true);
    expect(isLocalModel("local:paint")).toBe(true);
    expect(isLocalModel("local:nope")).toBe(false);
    expect(isLocalModel("openai:gpt-image-2")).toBe(false);
    expect(isLocalModel("toString")).toBe(false);
  });
});

describe("drawLocalImage", () => {
  test("draws a 1024×1024 PNG by default", async () => {
    const png = await drawLocalImage({ basePrompt: PROMPT, stylePhrase: "watercolor", modelKey: "local:paint" });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width).toBe(1024);
    expect(meta.height).toBe(1024);
  });

  test("honours a smaller size", async () => {
    const png = await drawLocalImage({ basePrompt: PROMPT, stylePhrase: "mosaic", modelKey: "local:sketch", size: 256 });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  });

  test("is deterministic: the same inputs give the same bytes", async () => {
    for (const modelKey of ["local:paint", "local:sketch", "local:pixel"]) {
      const input = { basePrompt: "a lighthouse on a rocky coast at dusk", stylePhrase: "oil painting", modelKey };
      const first = await drawLocalImage(input);
      const second = await drawLocalImage(input);
      expect(first.equals(second)).toBe(true);
    }
  });

  for (const modelKey of ["local:paint", "local:sketch"]) {
    test(`${modelKey}: ${STYLES.length} styles on one prompt all look different from each other`, async () => {
      const prints = await Promise.all(
        STYLES.map(async (stylePhrase) => fingerprint(await drawLocalImage({ basePrompt: PROMPT, stylePhrase, modelKey }))),
      );
      const tooAlike: string[] = [];
      for (let i = 0; i < prints.length; i++) {
        for (let j = i + 1; j < prints.length; j++) {
          const score = difference(prints[i]!, prints[j]!);
          if (score <= 12) tooAlike.push(`${STYLES[i]} vs ${STYLES[j]}: ${score.toFixed(1)}`);
        }
      }
      expect(tooAlike).toEqual([]);
    });
  }

  test("the models render the same prompt and style visibly differently", async () => {
    for (const stylePhrase of ["watercolor", "pixel art", "bauhaus"]) {
      const [paint, sketch, pixel] = await Promise.all(
        ["local:paint", "local:sketch", "local:pixel"].map(async (modelKey) =>
          fingerprint(await drawLocalImage({ basePrompt: PROMPT, stylePhrase, modelKey })),
        ),
      );
      expect(difference(paint!, sketch!)).toBeGreaterThan(10);
      expect(difference(paint!, pixel!)).toBeGreaterThan(10);
      expect(difference(sketch!, pixel!)).toBeGreaterThan(10);
    }
  });

  test("the prompt changes the picture: different subjects on the same style differ", async () => {
    const prompts = ["a lighthouse on a rocky coast at dusk", "a tin robot watering a houseplant", "a quiet city street after rain"];
    const prints = await Promise.all(
      prompts.map(async (basePrompt) => fingerprint(await drawLocalImage({ basePrompt, stylePhrase: "gouache", modelKey: "local:paint" }))),
    );
    expect(difference(prints[0]!, prints[1]!)).toBeGreaterThan(6);
    expect(difference(prints[0]!, prints[2]!)).toBeGreaterThan(6);
    expect(difference(prints[1]!, prints[2]!)).toBeGreaterThan(6);
  });

  test("unknown style phrases still get their own look", async () => {
    const [one, two] = await Promise.all(
      ["moss-covered brutalism", "velvet midnight opera"].map(async (stylePhrase) =>
        fingerprint(await drawLocalImage({ basePrompt: PROMPT, stylePhrase, modelKey: "local:paint" })),
      ),
    );
    expect(difference(one!, two!)).toBeGreaterThan(12);
  });

  test("markup and odd characters in the prompt or style cannot break the drawing", async () => {
    const png = await drawLocalImage({
      basePrompt: `a cat </svg><script>alert("x")</script> & 'quotes' \u0000 ${"é".repeat(500)}`,
      stylePhrase: `"/><rect fill="url(#x)"/> <!-- ]]>`,
      modelKey: "local:sketch",
    });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
  });

  test("rejects an unknown local model with a readable message", async () => {
    await expect(drawLocalImage({ basePrompt: PROMPT, stylePhrase: "oil painting", modelKey: "local:crayon" })).rejects.toThrow(
      'Unknown local model "local:crayon"',
    );
  });
});
