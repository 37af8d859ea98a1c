// Paid work end to end: costs, debits under concurrency, private results, cancellation refunds, failure refunds.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { refundStep } from "../../src/features/billing/ledger";
import { runSteps } from "../helpers/steps";
import { createGenerationEngine } from "../../src/generation/engine";
import { createRenderQueue } from "../../src/generation/queue";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;

beforeAll(() => {
  t = createTestApp({ GENERATION_IDLE_POLL_MS: "20", GENERATION_BACKOFF_BASE_MS: "1" });
});
afterAll(() => t.cleanup());

function grant(userId: number, credits: number, app: TestApp = t) {
  app.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'test_grant')").run(userId, credits);
}

function balance(userId: number, app: TestApp = t): number {
  return (app.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId) as { n: number }).n;
}

function post(path: string, cookie: string, body: unknown, app: TestApp = t) {
  return app.request(path, {
    method: "POST",
    headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
}

async function uploadPhoto(cookie: string, colour = "#336699"): Promise<string> {
  const body = new FormData();
  body.append("file", new File([await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } }).jpeg().toBuffer()], "me.jpg"));
  const response = await t.request("/upload", { method: "POST", body, headers: { cookie, origin: "http://localhost", accept: "application/json" } });
  return (await response.json()).upload_id;
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await Bun.sleep(25);
  }
}

describe("POST /apply-style", () => {
  test("twenty parallel requests with credits for five: exactly five run, the rest get 402 with balance and cost", async () => {
    const { cookie, userId } = await signIn(t, "racer@example.com");
    const uploadId = await uploadPhoto(cookie);
    grant(userId, 5); // local:paint costs 1
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post("/apply-style", cookie, { upload_id: uploadId, style_phrase: "oil painting", model_keys: ["local:paint"] })),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 402)).toHaveLength(15);
    const refused = await responses.find((response) => response.status === 402)!.json();
    expect(refused).toMatchObject({ balance: 0, cost: 1 });
    expect(balance(userId)).toBe(0);
    expect((t.sqlite.query("SELECT count(*) AS n FROM renders WHERE user_id = ?").get(userId) as { n: number }).n).toBe(5);
  });

  test("answers the queued renders, the cost and the remaining credits; bad input is a clear 4xx with nothing written", async () => {
    const { cookie, userId } = await signIn(t, "apply@example.com");
    const uploadId = await uploadPhoto(cookie, "#aa5500");
    grant(userId, 10);
    const response = await post("/apply-style", cookie, { upload_id: uploadId, style_phrase: "pixel art", model_keys: ["local:paint", "local:sketch"], strength: 0.5 });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.cost).toBe(2);
    expect(body.credits).toBe(8);
    expect(body.renders).toHaveLength(2);
    expect(body.renders.map((r: { model_key: string }) => r.model_key).sort()).toEqual(["local:paint", "local:sketch"]);

    const before = t.sqlite.query("SELECT count(*) AS n FROM renders").get();
    for (const [bad, status] of [
      [{ upload_id: uploadId, style_phrase: "x", model_keys: ["openai:dall-e-3"] }, 400],
      [{ upload_id: uploadId, style_phrase: "x", model_keys: ["no:such-model"] }, 400],
      [{ upload_id: uploadId, style_phrase: "x", model_keys: [] }, 400],
      [{ upload_id: uploadId, style_phrase: "", model_keys: ["local:paint"] }, 400],
      [{ upload_id: uploadId, style_phrase: "x", model_keys: ["local:paint"], strength: 7 }, 400],
      [{ upload_id: crypto.randomUUID(), style_phrase: "x", model_keys: ["local:paint"] }, 404],
    ] as const) {
      const refused = await post("/apply-style", cookie, bad);
      expect(refused.status).toBe(status);
      expect((await refused.json()).error).toBeString();
    }
    expect(t.sqlite.query("SELECT count(*) AS n FROM renders").get()).toEqual(before);
    expect(balance(userId)).toBe(8);
  });

  test("the result is private: 404 to everyone but its owner, pages, JSON and image alike", async () => {
    const { cookie, userId } = await signIn(t, "private@example.com");
    grant(userId, 3);
    const uploadId = await uploadPhoto(cookie, "#228844");
    const { renders } = await (await post("/apply-style", cookie, { upload_id: uploadId, style_phrase: "watercolor", model_keys: ["local:paint"] })).json();
    const id = renders[0].id;
    const engine = createGenerationEngine(sqliteData(t.sqlite), t.config);
    engine.pool.start();
    try {
      await waitFor(() => (t.sqlite.query("SELECT status FROM renders WHERE id = ?").get(id) as { status: string }).status === "done");
    } finally {
      await engine.pool.stop(5_000);
    }
    const render = await (await t.request(`/render/${id}`, { headers: { cookie } })).json();
    expect(render.status).toBe("done");
    expect(render.visibility).toBe("private");
    const page = await (await t.request(`/r/${id}`, { headers: { cookie } })).text();
    expect(page).toContain("data-before-after");
    expect(page).toContain(`/uploads/${uploadId}`);
    expect((await t.request(render.image_path, { headers: { cookie } })).status).toBe(200);

    const stranger = await signIn(t, "nosy@example.com");
    for (const headers of [{ cookie: stranger.cookie }, {}] as Record<string, string>[]) {
      expect((await t.request(`/render/${id}`, { headers })).status).toBe(404);
      expect((await t.request(`/r/${id}`, { headers })).status).toBe(404);
      expect((await t.request(render.image_path, { headers })).status).toBe(404);
      expect((await t.request(render.thumb_path, { headers })).status).toBe(404);
      expect((await t.request(`/render/${id}/events`, { headers })).status).toBe(404);
    }
    const search = await (await t.request("/search?q=watercolor")).json();
    expect(search.results.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});

describe("POST /matrix", () => {
  test("costs Σ model costs per cell, debits once, and bounds its size with a clear 400", async () => {
    const { cookie, userId } = await signIn(t, "matrix@example.com");
    grant(userId, 100);
    const response = await post("/matrix", cookie, {
      base_prompts: ["a red fox", "a tin robot"],
      style_phrases: ["oil painting", "pixel art", "neon"],
      model_keys: ["local:paint", "local:sketch"],
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.cost).toBe(12);
    expect(body.credits).toBe(88);
    expect(body.renders).toHaveLength(12);
    expect(body.events).toBe(`/matrix/${body.matrix_run_id}/events`);
    const debits = t.sqlite.query("SELECT delta FROM credit_ledger WHERE user_id = ? AND delta < 0").all(userId);
    expect(debits).toEqual([{ delta: -12 }]);

    const tooMany = await post("/matrix", cookie, {
      base_prompts: Array.from({ length: 11 }, (_, i) => `prompt ${i}`),
      style_phrases: ["a"],
      model_keys: ["local:paint"],
    });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toContain("At most 10 base prompts");
    const tooBig = await post("/matrix", cookie, {
      base_prompts: Array.from({ length: 10 }, (_, i) => `prompt ${i}`),
      style_phrases: Array.from({ length: 10 }, (_, i) => `style ${i}`),
      model_keys: ["local:paint", "local:sketch"],
    });
    expect(tooBig.status).toBe(400);
    expect((await tooBig.json()).error).toContain("at most 100");
    expect(balance(userId)).toBe(88);
  });

  test("too few credits → 402, and no run, no render and no style of it is left behind", async () => {
    const { cookie, userId } = await signIn(t, "matrix-poor@example.com");
    grant(userId, 3);
    const stylesBefore = await (await t.json("/styles")).json();
    const response = await post("/matrix", cookie, {
      base_prompts: ["a red fox", "a tin robot"],
      style_phrases: ["unpaid crayon style", "pixel art"],
      model_keys: ["local:paint"],
    });
    expect(response.status).toBe(402);
    expect(await response.json()).toMatchObject({ balance: 3, cost: 4 });
    expect(t.sqlite.query("SELECT count(*) AS n FROM renders WHERE user_id = ?").get(userId)).toEqual({ n: 0 });
    expect(t.sqlite.query("SELECT count(*) AS n FROM matrix_runs WHERE user_id = ?").get(userId)).toEqual({ n: 0 });
    expect(t.sqlite.query("SELECT count(*) AS n FROM styles WHERE slug = 'unpaid-crayon-style'").get()).toEqual({ n: 0 });
    expect(balance(userId)).toBe(3);
    expect(await (await t.json("/styles")).json()).toEqual(stylesBefore);
  });

  test("cancelling mid-run refunds exactly the cells not yet started", async () => {
    const own = createTestApp();
    const { cookie, userId } = await signIn(own, "canceller@example.com");
    grant(userId, 20, own);
    const { matrix_run_id: runId } = await (
      await post("/matrix", cookie, { base_prompts: ["a", "b", "c"], style_phrases: ["x", "y"], model_keys: ["local:paint"] }, own)
    ).json();
    expect(balance(userId, own)).toBe(14);
    // Two cells start (claimed by a worker), the other four have not.
    const queue = createRenderQueue(sqliteData(own.sqlite), { concurrency: 10, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 });
    const startedA = (await queue.claimNext("test-worker", ["local:paint"]))!;
    const startedB = (await queue.claimNext("test-worker", ["local:paint"]))!;
    expect([startedA.matrixRunId, startedB.matrixRunId]).toEqual([runId, runId]);

    const cancel = await post(`/matrix/${runId}/cancel`, cookie, {}, own);
    expect(await cancel.json()).toEqual({ cancelled: 4, refunded: 4 });
    expect(balance(userId, own)).toBe(18);
    // Cancelling again refunds nothing more.
    expect(await (await post(`/matrix/${runId}/cancel`, cookie, {}, own)).json()).toEqual({ cancelled: 0, refunded: 0 });
    expect(balance(userId, own)).toBe(18);
    const statuses = own.sqlite.query("SELECT status, count(*) AS n FROM renders WHERE matrix_run_id = ? GROUP BY status ORDER BY status").all(runId);
    expect(statuses).toEqual([
      { status: "failed", n: 4 },
      { status: "running", n: 2 },
    ]);
    expect((await queue.claimNext("test-worker", ["local:paint"]))).toBeNull();
    // My renders shows the run as one line counting exactly the cancelled cells as refunded.
    const studio = await (await own.request("/studio", { headers: { cookie } })).text();
    expect(studio).toContain("6 images · 4 cancelled · refunded · 2 in progress");
    own.cleanup();
  });

  test("cancelling a run that has already finished changes nothing: no refund, same status, same completion time", async () => {
    const own = createTestApp();
    const { cookie, userId } = await signIn(own, "late-canceller@example.com");
    grant(userId, 10, own);
    const queue = createRenderQueue(sqliteData(own.sqlite), { concurrency: 10, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 }, refundStep);
    const image = (id: string) => ({
      imagePath: `/images/2026/11/${id}.webp`,
      thumbPath: `/images/2026/11/${id}_t.webp`,
      thumb2xPath: `/images/2026/11/${id}_t2.webp`,
      fullKey: `images/2026/11/${id}_full.webp`,
      width: 64,
      height: 64,
      fullWidth: 64,
      fullHeight: 64,
      fullBytes: 200,
      thumbhash: "1QcSHQRnh493V4dIh4eXh1h4kJUI",
      bytes: 100,
    });
    const start = async () =>
      (await (await post("/matrix", cookie, { base_prompts: ["p", "q"], style_phrases: ["late"], model_keys: ["local:paint"] }, own)).json())
        .matrix_run_id as string;
    const runRow = (runId: string) => own.sqlite.query("SELECT status, done_cells, failed_cells, completed_at FROM matrix_runs WHERE id = ?").get(runId);

    // A run whose cells all finished ('done').
    const finished = await start();
    for (let claimed = (await queue.claimNext("w", ["local:paint"], 1_000)); claimed; claimed = (await queue.claimNext("w", ["local:paint"], 1_000))) {
      expect((await queue.complete(claimed.id, "w", image(claimed.id), {}, 2_000))).toBe(true);
    }
    expect(runRow(finished)).toEqual({ status: "done", done_cells: 2, failed_cells: 0, completed_at: 2_000 });
    expect(await (await post(`/matrix/${finished}/cancel`, cookie, {}, own)).json()).toEqual({ cancelled: 0, refunded: 0 });
    expect(runRow(finished)).toEqual({ status: "done", done_cells: 2, failed_cells: 0, completed_at: 2_000 });

    // A run cancelled before any cell started: cancelling it again keeps its first completion time.
    const cancelled = await start();
    expect(await (await post(`/matrix/${cancelled}/cancel`, cookie, {}, own)).json()).toEqual({ cancelled: 2, refunded: 2 });
    const first = runRow(cancelled) as { completed_at: number };
    expect(first).toMatchObject({ status: "cancelled", done_cells: 0, failed_cells: 2 });
    await Bun.sleep(5);
    expect(await (await post(`/matrix/${cancelled}/cancel`, cookie, {}, own)).json()).toEqual({ cancelled: 0, refunded: 0 });
    expect(runRow(cancelled)).toEqual(first);
    expect(balance(userId, own)).toBe(10 - 2 - 2 + 2);
    own.cleanup();
  });

  test("a paid render that fails for good is refunded exactly once, and says why", async () => {
    const own = createTestApp();
    const { cookie, userId } = await signIn(own, "unlucky@example.com");
    grant(userId, 1, own);
    const { renders } = await (await post("/matrix", cookie, { base_prompts: ["a"], style_phrases: ["z"], model_keys: ["local:paint"] }, own)).json();
    expect(balance(userId, own)).toBe(0);
    const queue = createRenderQueue(sqliteData(own.sqlite), { concurrency: 10, maxAttempts: 1, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 }, refundStep);
    const claimed = (await queue.claimNext("w", ["local:paint"]))!;
    expect(claimed.id).toBe(renders[0].id);
    expect((await queue.fail(claimed.id, "w", { kind: "permanent", message: "The provider declined this prompt." }))).toBe("failed");
    // A late duplicate report and a direct second refund change nothing.
    expect((await queue.fail(claimed.id, "w", { kind: "permanent", message: "again" }))).toBe("lost");
    runSteps(own.sqlite, (tx, tables) => refundStep(tx, tables, { id: claimed.id, userId, costCredits: 1, matrixRunId: null, error: "again" }));
    expect(balance(userId, own)).toBe(1);
    const render = await (await own.request(`/render/${claimed.id}`, { headers: { cookie } })).json();
    expect(render).toMatchObject({ status: "failed", error: "The provider declined this prompt." });
    own.cleanup();
  });
});
