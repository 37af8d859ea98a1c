// Image-to-image renders (a style applied to an upload): the photo reaches OpenAI's edits endpoint and FLUX dev's input intact.
import { afterAll, beforeAll, expect, test } from "bun:test";
import sharp from "sharp";
import { normaliseStylePhrase, slugifyStyle } from "../../src/domain/style-phrase";
import { createImageStore, uploadKey } from "../../src/storage";
import { makePicturePng } from "../fakes/png";
import type { FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import { TEST_MODELS, pinnedVersion, startGenerationHarness, type GenerationHarness, type TestEngine } from "../helpers/generation";

let harness: GenerationHarness;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let engine: TestEngine;
/** As uploads are stored: WebP, under its storage key. */
const PHOTO = uploadKey(crypto.randomUUID());
let photo: Buffer;

beforeAll(async () => {
  harness = startGenerationHarness({ replicate: { create: () => ({ type: "prediction", polls: 1 }) } });
  ({ openai, replicate, engine } = harness);
  // Lossless, so the pixels a provider is sent can be compared exactly with the photo's.
  photo = await sharp(await makePicturePng(99, 320)).webp({ lossless: true }).toBuffer();
  await createImageStore(engine.config.storage).write(PHOTO, photo);
});
afterAll(() => harness.stop());

/** Queues an image-to-image render the way the studio does: private, base prompt "your photo", the upload's stored path. */
function queueRestyle(modelKey: string, stylePhrase: string, strength: number): string {
  const id = crypto.randomUUID();
  const phrase = normaliseStylePhrase(stylePhrase);
  engine.sqlite
    .query(
      `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, input_image_path, strength, status, visibility)
       VALUES (?, ?, ?, ?, 'your photo', ?, ?, ?, 'pending', 'private')`,
    )
    .run(id, phrase, slugifyStyle(phrase), modelKey, `your photo, ${phrase}`, PHOTO, strength);
  engine.pool.wake();
  return id;
}

test("gpt-image-2 sends the photo to /v1/images/edits as a multipart upload", async () => {
  const id = queueRestyle(TEST_MODELS.gptImage2, "watercolor", 0.5);
  await engine.waitForStatus([id], ["done", "failed"]);

  expect(engine.render(id)).toMatchObject({ status: "done", attempts: 1, visibility: "private" });
  expect(openai.calls).toHaveLength(1);
  expect(openai.calls[0]).toMatchObject({
    endpoint: "edits",
    model: pinnedVersion(TEST_MODELS.gptImage2),
    prompt: "your photo, watercolor",
    size: "1024x1024",
    responseFormat: null,
  });
  await expectSamePicture(openai.calls[0]!.image!, photo);
}, 15_000);

test("FLUX dev gets the photo as a data URI and prompt_strength from the render's strength, on its pinned version", async () => {
  const id = queueRestyle(TEST_MODELS.fluxDev, "pixel art", 0.35);
  await engine.waitForStatus([id], ["done", "failed"]);

  expect(engine.render(id)).toMatchObject({ status: "done", attempts: 1 });
  const [prediction] = [...replicate.predictions.values()];
  expect(prediction!.version).toBe(pinnedVersion(TEST_MODELS.fluxDev));
  expect(prediction!.input).toMatchObject({ prompt: "your photo, pixel art", prompt_strength: 0.35, aspect_ratio: "1:1" });
  expect(JSON.parse((engine.sqlite.query("SELECT provenance FROM renders WHERE id = ?").get(id) as { provenance: string }).provenance)).toMatchObject({ strength: 0.35, seed: prediction!.input.seed });
  const image = String(prediction!.input.image);
  expect(image).toStartWith("data:image/png;base64,");
  await expectSamePicture(Buffer.from(image.slice("data:image/png;base64,".length), "base64"), photo);
}, 15_000);

test("a text-only model given a photo fails at once without calling the provider", async () => {
  const before = replicate.calls.length;
  const id = queueRestyle(TEST_MODELS.fluxSchnell, "pop art", 0.5);
  await engine.waitForStatus([id], ["done", "failed"]);

  expect(engine.render(id)).toMatchObject({ status: "failed", attempts: 1, nsfw: 0, error: "This model cannot restyle a photo." });
  expect(replicate.calls.length).toBe(before);
}, 15_000);

/** Same pixels (the provider code may re-encode the upload, e.g. to PNG, but must not alter it). */
async function expectSamePicture(sent: Buffer, original: Buffer) {
  const [a, b] = await Promise.all([sent, original].map((bytes) => sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true })));
  expect(a!.info).toMatchObject({ width: b!.info.width, height: b!.info.height });
  expect(a!.data.equals(b!.data)).toBe(true);
}
