// /health reports queue depth, running jobs (live leases only) and failures in the last hour, as JSON.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createTestEngine, enqueue, type TestEngine } from "../helpers/generation";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";

const MODELS = ["local:sketch"];
const HOUR = 3_600_000;

let guard: NetworkGuard;
let engine: TestEngine;

beforeAll(() => {
  guard = installNetworkGuard();
  // The pool is never started: the queue is put into each state by hand, at chosen times.
  engine = createTestEngine();
});
afterAll(async () => {
  await engine.stop();
  guard.uninstall();
  expectNoExternalRequests();
});

async function health() {
  const response = await engine.request("/health");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("application/json");
  return (await response.json()) as { status: string; database: string; queue: { pending: number; running: number; failed_last_hour: number } };
}

test("an empty queue reports zeros", async () => {
  expect(await health()).toMatchObject({ status: "ok", database: "ok", queue: { pending: 0, running: 0, failed_last_hour: 0 } });
});

test("pending, live running, dead running and old/new failures are each counted where they belong", async () => {
  const { queue } = engine;
  enqueue(engine.sqlite, { basePrompts: ["a", "b", "c", "d", "e", "f"].map((p) => `subject ${p}`), stylePhrases: ["mosaic"], modelKeys: MODELS });
  const now = Date.now();
  const oldFailure = (await queue.claimNext("owner-1", MODELS, now - 2 * HOUR))!;
  await queue.fail(oldFailure.id, "owner-1", { kind: "permanent", message: "rejected" }, now - 2 * HOUR);
  const recentFailure = (await queue.claimNext("owner-2", MODELS, now - 1_000))!;
  await queue.fail(recentFailure.id, "owner-2", { kind: "permanent", message: "rejected" }, now - 500);
  // Live lease (2 s from now), then one claimed long ago whose lease ran out: a worker that died.
  expect(await queue.claimNext("owner-3", MODELS, now)).not.toBeNull();
  expect(await queue.claimNext("owner-4", MODELS, now - 10_000)).not.toBeNull();

  expect((await health()).queue).toEqual({ pending: 2, running: 1, failed_last_hour: 1 });
});
