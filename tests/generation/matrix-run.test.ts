// A 3 prompts × 4 styles × 2 models matrix run through each provider: every cell done with the right image and metadata.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { colourForCall } from "../fakes/png";
import { requestIdFor, type FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import { TEST_MODELS, enqueue, pinnedVersion, readRenders, startGenerationHarness, type GenerationHarness, type RenderRow, type TestEngine } from "../helpers/generation";

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

async function runMatrix(models: [string, string] | [string]) {
  const cells = PROMPTS.length * STYLES.length * models.length;
  const run = enqueue(engine.sqlite, { basePrompts: PROMPTS, stylePhrases: STYLES, modelKeys: models });
  engine.pool.wake();
  await engine.waitForStatus(run.renderIds, ["done", "failed"], 60_000);
  const counts = engine.sqlite.query("SELECT total_cells, done_cells, failed_cells, status FROM matrix_runs WHERE id = ?").get(run.runId);
  expect(counts).toEqual({ total_cells: cells, done_cells: cells, failed_cells: 0, status: "done" });
  const renders = readRenders(engine.sqlite).filter((render) => render.matrix_run_id === run.runId);
  expect(renders.map((render) => render.status)).toEqual(Array(cells).fill("done"));
  // One cell per (prompt, style, model): nothing dropped or duplicated.
  expect(new Set(renders.map((render) => `${render.base_prompt}|${render.style_phrase}|${render.model_key}`)).size).toBe(cells);
  return renders;
}

/** Fetches the render and its three images through the app, as a visitor would, and checks their sizes. */
async function expectServedImages(render: RenderRow, nativeEdge = 1024): Promise<Buffer> {
  const api = await engine.request(`/render/${render.id}`, { headers: { accept: "application/json" } });
  expect(api.status).toBe(200);
  const json = (await api.json()) as { image_path: string; thumb_path: string; thumb_2x_path: string; width: number; height: number; thumbhash: string };
  // The web image is capped at 768 px; what the provider drew, at its native size, is the full-resolution original.
  expect(json).toMatchObject({ width: 768, height: 768, full_width: nativeEdge, full_height: nativeEdge });
  expect(json.thumbhash.length).toBeGreaterThan(10);
  const sizes: [string, number][] = [
    [json.image_path, 768],
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

/** What GET /render/:id says about how the render was made; its timings are real and in order. */
async function servedProvenance(render: RenderRow): Promise<Record<string, unknown>> {
  const json = (await (await engine.request(`/render/${render.id}`, { headers: { accept: "application/json" } })).json()) as {
    provenance: Record<string, unknown> & { timings: { queued_at: string; started_at: string; completed_at: string; provider_ms: number } };
  };
  const { timings } = json.provenance;
  expect(Date.parse(timings.queued_at)).toBeLessThanOrEqual(Date.parse(timings.started_at));
  expect(Date.parse(timings.started_at)).toBeLessThanOrEqual(Date.parse(timings.completed_at));
  expect(timings.provider_ms).toBeGreaterThanOrEqual(0);
  return json.provenance;
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
  test("through OpenAI (gpt-image-2, pinned to its snapshot): each render holds the picture made for its own prompt", async () => {
    const renders = await runMatrix([TEST_MODELS.gptImage2]);
    const snapshot = pinnedVersion(TEST_MODELS.gptImage2);
    expect(openai.calls).toHaveLength(CELLS / 2);
    for (const render of renders) {
      const calls = openai.calls.filter((call) => call.prompt === render.effective_prompt);
      expect(calls).toHaveLength(1);
      // Today's request shape: the snapshot, one image, no response_format (GPT Image models answer base64 only).
      expect(calls[0]).toMatchObject({ endpoint: "generations", model: snapshot, size: "1024x1024", imageCount: 1, responseFormat: null });
      expect(calls[0]!.authorization).toBe("Bearer sk-test-fake");
      expect(JSON.parse(render.render_metadata!)).toMatchObject({ provider: "openai", model: snapshot, size: "1024x1024" });
      const provenance = await servedProvenance(render);
      expect(provenance).toMatchObject({
        provider: "openai",
        model_key: TEST_MODELS.gptImage2,
        model_label: "GPT Image 2",
        model_id: "gpt-image-2",
        model_version: snapshot,
        effective_prompt: render.effective_prompt,
        size: "1024x1024",
        seed: null,
        strength: null,
        request_id: requestIdFor(calls[0]!),
      });
      expectColourOfCall(await fieldColour(await expectServedImages(render)), calls[0]!.n);
    }
  }, 90_000);

  test("through Replicate (FLUX schnell and FLUX1.1 pro, each pinned by version): prediction, version and seed recorded", async () => {
    const renders = await runMatrix([TEST_MODELS.fluxSchnell, TEST_MODELS.fluxPro]);
    expect(replicate.predictionsCreated).toBe(CELLS);
    for (const render of renders) {
      const metadata = JSON.parse(render.render_metadata!);
      const prediction = replicate.predictions.get(metadata.prediction_id)!;
      expect(prediction).toBeDefined();
      expect(render.provider_job_id).toBe(prediction.id);
      expect(prediction.input.prompt).toBe(render.effective_prompt);
      const version = pinnedVersion(render.model_key);
      const create = replicate.calls.find((call) => call.kind === "create" && call.predictionId === prediction.id)!;
      expect(create).toMatchObject({ path: "/v1/predictions", version, model: null });
      expect(prediction.input).toMatchObject({ aspect_ratio: "1:1", output_format: "png" });
      expect(typeof prediction.input.seed).toBe("number");
      expect(await servedProvenance(render)).toMatchObject({
        provider: "replicate",
        model_key: render.model_key,
        model_id: render.model_key.slice("replicate:".length),
        model_version: version,
        seed: prediction.input.seed,
        request_id: prediction.id,
      });
      expectColourOfCall(await fieldColour(await expectServedImages(render)), prediction.number);
    }
  }, 90_000);

  test("through the local provider (local:sketch and local:paint): a distinct picture per cell", async () => {
    const renders = await runMatrix(["local:sketch", "local:paint"]);
    const digests = new Set<string>();
    for (const render of renders) {
      expect(JSON.parse(render.render_metadata!)).toMatchObject({ provider: "local", model: render.model_key });
      expect(await servedProvenance(render)).toMatchObject({ provider: "local", model_key: render.model_key, model_version: "1", seed: expect.any(Number) });
      const full = await expectServedImages(render, 1536);
      digests.add(new Bun.CryptoHasher("sha256").update(full).digest("hex"));
    }
    expect(digests.size).toBe(CELLS);
  }, 90_000);
});
