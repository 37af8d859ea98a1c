// A 3 prompts × 4 styles × 2 models matrix run through each provider: every cell done with the right image and metadata.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { colourForCall } from "../fakes/png";
import { SDXL_VERSION } from "../../src/generation/providers/replicate";
import { revisedPromptFor, type FakeOpenAI } from "../fakes/openai-server";
import { FAKE_MODEL_VERSION, type FakeReplicate } from "../fakes/replicate-server";
import { enqueue, readRenders, startGenerationHarness, type GenerationHarness, type RenderRow, type TestEngine } from "../helpers/generation";

const PROMPTS = ["a red fox in a snowy forest", "a lighthouse on a rocky coast", "a tin robot watering a plant"];
const STYLES = ["oil painting", "pixel art", "ukiyo-e woodblock print", "film noir"];
const CELLS = PROMPTS.length * STYLES.length * 2;

let harness: GenerationHarness;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let engine: TestEngine;

beforeAll(() => {
  // Full-size images: this file checks the pixels each cell ends up with.
  harness = startGenerationHarness({ replicate: { create: () => ({ type: "prediction", polls: 1 }) }, imageSize: 1024 });
  ({ openai, replicate, engine } = harness);
});
afterAll(() => harness.stop());

async function runMatrix(models: [string, string]) {
  const run = enqueue(engine.sqlite, { basePrompts: PROMPTS, stylePhrases: STYLES, modelKeys: models });
  engine.pool.wake();
  await engine.waitForStatus(run.renderIds, ["done", "failed"], 60_000);
  const counts = engine.sqlite.query("SELECT total_cells, done_cells, failed_cells, status FROM matrix_runs WHERE id = ?").get(run.runId);
  expect(counts).toEqual({ total_cells: CELLS, done_cells: CELLS, failed_cells: 0, status: "done" });
  const renders = readRenders(engine.sqlite).filter((render) => render.matrix_run_id === run.runId);
  expect(renders.map((render) => render.status)).toEqual(Array(CELLS).fill("done"));
  // One cell per (prompt, style, model): nothing dropped or duplicated.
  expect(new Set(renders.map((render) => `${render.base_prompt}|${render.style_phrase}|${render.model_key}`)).size).toBe(CELLS);
  return renders;
}

/** Fetches the render and its three images through the app, as a visitor would, and checks their sizes. */
async function expectServedImages(render: RenderRow): Promise<Buffer> {
  const api = await engine.request(`/render/${render.id}`, { headers: { accept: "application/json" } });
  expect(api.status).toBe(200);
  const json = (await api.json()) as { image_path: string; thumb_path: string; thumb_2x_path: string; width: number; height: number; thumbhash: string };
  expect(json).toMatchObject({ width: 1024, height: 1024 });
  expect(json.thumbhash.length).toBeGreaterThan(10);
  const sizes: [string, number][] = [
    [json.image_path, 1024],
    [json.thumb_path, 384],
    [json.thumb_2x_path, 768],
  ];
  let full: Buffer | undefined;
  for (const [path, edge] of sizes) {
    const response = await engine.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "webp", width: edge, height: edge });
    full ??= bytes;
  }
  return full!;
}

/** The colour of the plain field in a fake's picture (its top-left quarter), read back from the stored WebP. */
async function fieldColour(webp: Buffer): Promise<[number, number, number]> {
  const pixel = await sharp(webp).extract({ left: 100, top: 100, width: 1, height: 1 }).raw().toBuffer();
  return [pixel[0]!, pixel[1]!, pixel[2]!];
}

function expectColourOfCall(actual: [number, number, number], n: number) {
  const { r, g, b } = colourForCall(n);
  for (const [got, want] of [
    [actual[0], r],
    [actual[1], g],
    [actual[2], b],
  ]) {
    expect(Math.abs(got! - want!)).toBeLessThanOrEqual(12);
  }
}

describe(`a matrix run of ${PROMPTS.length} prompts × ${STYLES.length} styles × 2 models`, () => {
  test("through OpenAI (gpt-image-1 and dall-e-3): each render holds the picture made for its own prompt", async () => {
    const renders = await runMatrix(["openai:gpt-image-1", "openai:dall-e-3"]);
    expect(openai.calls).toHaveLength(CELLS);
    for (const render of renders) {
      const model = render.model_key.replace("openai:", "");
      const calls = openai.calls.filter((call) => call.model === model && call.prompt === render.effective_prompt);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ endpoint: "generations", size: "1024x1024", authorization: "Bearer sk-test-fake" });
      expect(calls[0]!.responseFormat).toBe(model === "dall-e-3" ? "b64_json" : null);
      const metadata = JSON.parse(render.render_metadata!);
      expect(metadata).toMatchObject({ provider: "openai", model });
      expect(metadata.revised_prompt).toBe(model === "dall-e-3" ? revisedPromptFor(render.effective_prompt) : null);
      expectColourOfCall(await fieldColour(await expectServedImages(render)), calls[0]!.n);
    }
  }, 90_000);

  test("through Replicate (sdxl by version, flux-schnell by model): prediction id and version recorded", async () => {
    const renders = await runMatrix(["replicate:sdxl", "replicate:flux-schnell"]);
    expect(replicate.predictionsCreated).toBe(CELLS);
    for (const render of renders) {
      const metadata = JSON.parse(render.render_metadata!);
      const prediction = replicate.predictions.get(metadata.prediction_id)!;
      expect(prediction).toBeDefined();
      expect(render.provider_job_id).toBe(prediction.id);
      expect(prediction.input.prompt).toBe(render.effective_prompt);
      if (render.model_key === "replicate:sdxl") {
        expect(prediction.version).toBe(SDXL_VERSION);
        expect(prediction.input).toMatchObject({ width: 1024, height: 1024 });
        expect(metadata).toMatchObject({ provider: "replicate", model: "sdxl", version: SDXL_VERSION });
      } else {
        expect(prediction.model).toBe("black-forest-labs/flux-schnell");
        expect(metadata).toMatchObject({ provider: "replicate", model: "flux-schnell", version: FAKE_MODEL_VERSION });
      }
      expectColourOfCall(await fieldColour(await expectServedImages(render)), prediction.number);
    }
  }, 90_000);

  test("through the local provider (local:sketch and local:paint): a distinct picture per cell", async () => {
    const renders = await runMatrix(["local:sketch", "local:paint"]);
    const digests = new Set<string>();
    for (const render of renders) {
      expect(JSON.parse(render.render_metadata!)).toMatchObject({ provider: "local", model: render.model_key });
      const full = await expectServedImages(render);
      digests.add(new Bun.CryptoHasher("sha256").update(full).digest("hex"));
    }
    expect(digests.size).toBe(CELLS);
  }, 90_000);
});
