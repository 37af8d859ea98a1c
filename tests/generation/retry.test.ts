// Rate limits: a 429 is retried no sooner than its Retry-After, and a provider that never recovers fails the render readably.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import { enqueue, startGenerationHarness, waitFor, type GenerationHarness, type TestEngine } from "../helpers/generation";

const MAX_ATTEMPTS = 3;

let harness: GenerationHarness;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let engine: TestEngine;

beforeAll(() => {
  harness = startGenerationHarness({ env: { GENERATION_MAX_ATTEMPTS: String(MAX_ATTEMPTS) } });
  ({ openai, replicate, engine } = harness);
});
afterAll(() => harness.stop());

function enqueueOneCell(modelKey: string, basePrompt: string): string {
  const id = enqueue(engine.sqlite, { basePrompts: [basePrompt], stylePhrases: ["watercolor"], modelKeys: [modelKey] }).renderIds[0]!;
  engine.pool.wake();
  return id;
}

const outcomesOf = (id: string) => engine.settled.filter((settled) => settled.renderId === id).map((settled) => settled.outcome);

describe("429 with Retry-After, then success", () => {
  test("OpenAI: retried once, after the Retry-After delay, and done", async () => {
    let calls = 0;
    openai.setBehaviour(() => (++calls === 1 ? { type: "rate-limit", retryAfterSeconds: 1 } : { type: "image" }));
    const id = enqueueOneCell("openai:gpt-image-2", "a busy harbour");
    // While it waits, the render is pending with the reason visible.
    const waiting = await waitFor("the render to go back to pending after the 429", () => {
      const render = engine.render(id);
      return render.status === "pending" && render.attempts === 1 ? render : null;
    });
    expect(waiting.error).toBe("OpenAI is busy (HTTP 429).");

    await engine.waitForStatus([id], ["done", "failed"]);
    expect(engine.render(id)).toMatchObject({ status: "done", attempts: 2, error: null });
    const mine = openai.calls.filter((call) => call.prompt.startsWith("a busy harbour"));
    expect(mine.map((call) => call.outcome)).toEqual(["rate-limit", "image"]);
    expect(mine[1]!.receivedAt - mine[0]!.endedAt!).toBeGreaterThanOrEqual(1_000);
    expect(outcomesOf(id)).toEqual(["retrying", "done"]);
    expect(engine.failedHookCalls).toEqual([]);
  }, 15_000);

  test("Replicate: the SDK does not retry by itself; one prediction is created after the Retry-After delay", async () => {
    let creates = 0;
    replicate.setBehaviour({ create: () => (++creates === 1 ? { type: "rate-limit", retryAfterSeconds: 1 } : { type: "prediction", polls: 1 }) });
    const id = enqueueOneCell("replicate:black-forest-labs/flux-schnell", "a busy station");
    await engine.waitForStatus([id], ["done", "failed"]);

    expect(engine.render(id)).toMatchObject({ status: "done", attempts: 2, error: null });
    const createCalls = replicate.calls.filter((call) => call.kind === "create");
    expect(createCalls.map((call) => call.outcome)).toEqual(["rate-limit", "prediction"]);
    expect(createCalls[1]!.receivedAt - createCalls[0]!.endedAt!).toBeGreaterThanOrEqual(1_000);
    expect(replicate.predictionsCreated).toBe(1);
    expect(outcomesOf(id)).toEqual(["retrying", "done"]);
  }, 15_000);
});

test("a 500 is retried after a short backoff and the render completes", async () => {
  let calls = 0;
  openai.setBehaviour(() => (++calls === 1 ? { type: "server-error" } : { type: "image" }));
  const id = enqueueOneCell("openai:gpt-image-2", "a flaky server room");
  await engine.waitForStatus([id], ["done", "failed"]);

  expect(engine.render(id)).toMatchObject({ status: "done", attempts: 2, error: null });
  expect(openai.calls.filter((call) => call.prompt.startsWith("a flaky server room")).map((call) => call.outcome)).toEqual(["server-error", "image"]);
  expect(outcomesOf(id)).toEqual(["retrying", "done"]);
}, 15_000);

test("429 forever → failed after GENERATION_MAX_ATTEMPTS, with a readable error and one settlement", async () => {
  openai.setBehaviour(() => ({ type: "rate-limit" }));
  const id = enqueueOneCell("openai:gpt-image-2", "an overloaded cafe");
  await engine.waitForStatus([id], ["failed", "done"]);
  await Bun.sleep(200);

  expect(openai.calls.filter((call) => call.prompt.startsWith("an overloaded cafe"))).toHaveLength(MAX_ATTEMPTS);
  expect(engine.render(id)).toMatchObject({
    status: "failed",
    attempts: MAX_ATTEMPTS,
    nsfw: 0,
    error: `Gave up after ${MAX_ATTEMPTS} attempts: OpenAI is busy (HTTP 429).`,
  });
  expect(engine.failedHookCalls.map((call) => call.id)).toEqual([id]);
  expect(outcomesOf(id)).toEqual(["retrying", "retrying", "failed"]);
}, 15_000);
