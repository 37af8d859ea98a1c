// A provider that hangs: the call is abandoned after PROVIDER_TIMEOUT_MS, its slot serves other jobs, and it is retried.
import { afterAll, beforeAll, expect, test } from "bun:test";
import type { FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import { enqueue, startGenerationHarness, waitFor, type GenerationHarness, type TestEngine } from "../helpers/generation";

const TIMEOUT_MS = 800;

let harness: GenerationHarness;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let engine: TestEngine;

beforeAll(() => {
  // One slot: a second render can only run if the hung call really gave its slot back.
  harness = startGenerationHarness({ env: { PROVIDER_CONCURRENCY: "1", PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS) } });
  ({ openai, replicate, engine } = harness);
});
afterAll(() => harness.stop(200));

const outcomesOf = (id: string) => engine.settled.filter((settled) => settled.renderId === id).map((settled) => settled.outcome);

test("OpenAI hangs: timed out, the one slot runs the next job, then the hung render is retried and completes", async () => {
  let hangs = 1;
  openai.setBehaviour((call) => (call.prompt.startsWith("a stuck") && hangs-- > 0 ? { type: "hang" } : { type: "image" }));
  const [stuck, quick] = enqueue(engine.sqlite, {
    basePrompts: ["a stuck elevator", "a quick sketch"],
    stylePhrases: ["pop art"],
    modelKeys: ["openai:gpt-image-2"],
  }).renderIds as [string, string];
  engine.pool.wake();
  await engine.waitForStatus([stuck, quick], ["done", "failed"]);

  const stuckRender = engine.render(stuck);
  const quickRender = engine.render(quick);
  expect(stuckRender).toMatchObject({ status: "done", attempts: 2, error: null });
  expect(quickRender).toMatchObject({ status: "done", attempts: 1 });
  expect(openai.calls.map((call) => [call.prompt.split(",")[0], call.outcome])).toEqual([
    ["a stuck elevator", "hang"],
    ["a quick sketch", "image"],
    ["a stuck elevator", "image"],
  ]);
  const [hung, next] = openai.calls;
  // The client gave up on the hung call by about PROVIDER_TIMEOUT_MS (its clock starts a little before the
  // request arrives here), and only then did the slot take another job.
  expect(hung!.endedAt! - hung!.receivedAt).toBeLessThan(TIMEOUT_MS + 1_000);
  expect(next!.receivedAt).toBeGreaterThanOrEqual(hung!.endedAt! - 200);
  expect(quickRender.completed_at!).toBeLessThan(stuckRender.completed_at!);
  expect(outcomesOf(stuck)).toEqual(["retrying", "done"]);
  expect(outcomesOf(quick)).toEqual(["done"]);
}, 20_000);

test("Replicate poll hangs: the poll is abandoned after PROVIDER_TIMEOUT_MS and the retry resumes the same prediction", async () => {
  let hangs = 1;
  replicate.setBehaviour({
    create: () => ({ type: "prediction", polls: 2 }),
    poll: () => (hangs-- > 0 ? { type: "hang" } : undefined),
  });
  const [id] = enqueue(engine.sqlite, { basePrompts: ["a stalled prediction"], stylePhrases: ["pop art"], modelKeys: ["replicate:black-forest-labs/flux-dev"] })
    .renderIds as [string];
  engine.pool.wake();

  const hungPoll = await waitFor("the first poll", () => replicate.calls.find((call) => call.kind === "get"));
  // PROVIDER_TIMEOUT_MS bounds the whole provider call, polling included: the slot must not stay stuck much past
  // it (the pool's last-resort Worker replacement, 5 s later, does not count).
  await waitFor("the hung attempt to be given up within PROVIDER_TIMEOUT_MS", () => outcomesOf(id).length > 0, { timeoutMs: TIMEOUT_MS + 2_000 });
  await engine.waitForStatus([id], ["done", "failed"], 15_000);

  expect(outcomesOf(id)).toEqual(["retrying", "done"]);
  expect(engine.render(id)).toMatchObject({ status: "done", attempts: 2, provider_job_id: hungPoll.predictionId });
  // Resumed by polling the stored prediction, not by paying for a second one.
  expect(replicate.predictionsCreated).toBe(1);
}, 20_000);
