// Safety rejections (OpenAI content policy, an all-black image, Replicate's NSFW checker) fail at once and stay hidden.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeOpenAI } from "../fakes/openai-server";
import { NSFW_ERROR, type FakeReplicate } from "../fakes/replicate-server";
import { enqueue, startGenerationHarness, type GenerationHarness, type TestEngine } from "../helpers/generation";

let harness: GenerationHarness;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let engine: TestEngine;

beforeAll(() => {
  harness = startGenerationHarness({
    openai: (call) => (call.prompt.startsWith("a forbidden") ? { type: "content-policy" } : { type: "image", black: call.prompt.startsWith("a blacked out") }),
    replicate: { create: () => ({ type: "prediction", polls: 1, fail: NSFW_ERROR }) },
  });
  ({ openai, replicate, engine } = harness);
});
afterAll(() => harness.stop());

/** Runs one paid cell to a final status and returns what the queue then says about it. */
async function runOneCell(modelKey: string, basePrompt: string) {
  const run = enqueue(engine.sqlite, { basePrompts: [basePrompt], stylePhrases: ["film noir"], modelKeys: [modelKey], costOf: () => 6 });
  const id = run.renderIds[0]!;
  engine.pool.wake();
  await engine.waitForStatus([id], ["done", "failed"]);
  // Longer than several backoffs (20 ms base): a wrongly retried render would have been claimed again by now.
  await Bun.sleep(300);
  return {
    id,
    runId: run.runId,
    render: engine.render(id),
    hookCalls: engine.failedHookCalls.filter((call) => call.id === id),
    outcomes: engine.settled.filter((settled) => settled.renderId === id).map((settled) => settled.outcome),
  };
}

/** Neither the JSON API nor the page shows it, the public count ignores it, and /health counts the failure. */
async function expectHiddenFromGallery(id: string, failuresSoFar: number) {
  const api = await engine.request(`/render/${id}`, { headers: { accept: "application/json" } });
  expect(api.status).toBe(404);
  const page = await engine.request(`/r/${id}`);
  expect(page.status).toBe(404);
  const health = (await (await engine.request("/health")).json()) as { counts: { public_renders: number }; queue: { failed_last_hour: number } };
  expect(health.counts.public_renders).toBe(0);
  expect(health.queue.failed_last_hour).toBe(failuresSoFar);
}

describe("a safety rejection fails the render at once, marks it nsfw and settles it exactly once", () => {
  test("OpenAI content_policy_violation (400)", async () => {
    const { id, runId, render, hookCalls, outcomes } = await runOneCell("openai:gpt-image-2", "a forbidden scene");

    expect(openai.calls.filter((call) => call.prompt.startsWith("a forbidden scene"))).toHaveLength(1);
    expect(render).toMatchObject({
      status: "failed",
      attempts: 1,
      nsfw: 1,
      error: "OpenAI declined this prompt under its content policy.",
      image_path: null,
    });
    expect(hookCalls).toHaveLength(1);
    expect(hookCalls[0]).toMatchObject({ id, costCredits: 6, matrixRunId: runId, error: render.error! });
    expect(outcomes).toEqual(["failed"]);
    expect(engine.sqlite.query("SELECT done_cells, failed_cells, status FROM matrix_runs WHERE id = ?").get(runId)).toEqual({
      done_cells: 0,
      failed_cells: 1,
      status: "done",
    });
    await expectHiddenFromGallery(id, 1);
  });

  test("an all-black image from OpenAI (its filter blanked the picture)", async () => {
    const { id, render, hookCalls, outcomes } = await runOneCell("openai:gpt-image-2", "a blacked out scene");

    expect(openai.calls.filter((call) => call.prompt.startsWith("a blacked out scene"))).toHaveLength(1);
    expect(render).toMatchObject({ status: "failed", attempts: 1, nsfw: 1, image_path: null });
    expect(render.error).toBe("The provider returned a blank (all black) image, which means its safety filter removed it.");
    expect(hookCalls).toHaveLength(1);
    expect(outcomes).toEqual(["failed"]);
    await expectHiddenFromGallery(id, 2);
  });

  test("Replicate prediction failed with NSFW content detected", async () => {
    const { id, render, hookCalls, outcomes } = await runOneCell("replicate:black-forest-labs/flux-dev", "a flagged scene");

    expect(replicate.predictionsCreated).toBe(1);
    expect(replicate.calls.filter((call) => call.kind === "download")).toEqual([]);
    expect(render).toMatchObject({ status: "failed", attempts: 1, nsfw: 1, image_path: null });
    expect(render.error).toBe("The model's safety checker flagged this image.");
    expect(hookCalls).toHaveLength(1);
    expect(outcomes).toEqual(["failed"]);
    await expectHiddenFromGallery(id, 3);
  });
});
