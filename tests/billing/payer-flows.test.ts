// What a payer sees over HTTP: Buy while signed out resumes at the checkout after sign-in, pricing says what a
// credit buys, a cancel reads as one refund line with the balance exact, a locked download shows the way to unlock.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { offeredModels } from "../../src/generation/models/availability";
import { createRenderQueue } from "../../src/generation/queue";
import { ORIGIN, sessionCookie, signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;

beforeAll(() => {
  t = createTestApp({ UNLOCK_THRESHOLD_CENTS: "10000", GENERATION_IDLE_POLL_MS: "20" });
});
afterAll(() => t.cleanup());

const form = (body: string, cookie = "") => ({
  method: "POST",
  headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
  body,
});

function balance(userId: number): number {
  return (t.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId) as { n: number }).n;
}

describe("Buy while signed out", () => {
  test("pricing's Buy → sign-in remembering the product → signed in, back at its checkout page → Continue to payment", async () => {
    const pricing = await (await t.request("/pricing")).text();
    const action = /<form method="post" action="([^"]+)">\s*<input type="hidden" name="product" value="credits_100"/.exec(pricing)?.[1];
    expect(action).toBe("/checkout?next=%2Fcheckout%3Fproduct%3Dcredits_100");

    const buy = await t.request(action!, form("product=credits_100"));
    expect(buy.status).toBe(303);
    expect(buy.headers.get("location")).toBe("/sign-in?next=/checkout?product%3Dcredits_100");

    const signInPage = await (await t.request(buy.headers.get("location")!)).text();
    expect(signInPage).toContain('name="next" value="/checkout?product=credits_100"');
    const signedIn = await t.request("/auth/dev", form(`email=buyer%40example.com&next=${encodeURIComponent("/checkout?product=credits_100")}`));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/checkout?product=credits_100");

    const cookie = sessionCookie(signedIn);
    const start = await t.request("/checkout?product=credits_100", { headers: { cookie } });
    expect(start.status).toBe(200);
    const html = await start.text();
    expect(html).toContain("100 credits");
    expect(html).toContain("$25.00");
    expect(html).toContain("Continue to payment");
    const pay = await t.request("/checkout", form("product=credits_100", cookie));
    expect(pay.status).toBe(303);
    expect(new URL(pay.headers.get("location")!).pathname).toMatch(/^\/dev\/checkout\/cs_dev_/);
  });

  test("the checkout page signed out goes to sign-in; an unknown product is a clear 400; a foreign next is ignored", async () => {
    const visit = await t.request("/checkout?product=library");
    expect(visit.status).toBe(302);
    expect(visit.headers.get("location")).toBe("/sign-in?next=/checkout?product%3Dlibrary");
    const { cookie } = await signIn(t, "curious@example.com");
    const unknown = await t.request("/checkout?product=gold", { headers: { cookie } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Unknown product");
    for (const next of ["https://evil.example/x", "//evil.example/x"]) {
      const buy = await t.request(`/checkout?next=${encodeURIComponent(next)}`, form("product=credits_100"));
      expect(buy.headers.get("location")).toBe("/sign-in");
    }
  });
});

describe("pricing", () => {
  test("says what a credit buys, with each model's cost, and one coherent offer for the library and the unlock", async () => {
    const html = await (await t.request("/pricing")).text();
    expect(html).toContain("What a credit buys");
    expect(html).toContain("One image on one model costs that model’s credits.");
    const models = offeredModels(t.config);
    expect(models.length).toBeGreaterThan(0);
    for (const model of models) {
      expect(html).toMatch(new RegExp(`${model.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*</td>\\s*<td[^>]*>\\s*${model.cost_credits}\\s*</td>`));
    }
    expect(html).toContain("buy it alone for $50.00, or reach $100.00 of purchases in total, which unlocks full-resolution downloads of every image and includes the library");
    expect(html).toContain("up to 100 images on a 1-credit model");
    expect(html).not.toContain("unlock full-resolution downloads and the library.");
  });
});

describe("cancel in the credit history", () => {
  test("a cancel reads as one refund line naming its cells and run; the balance is exact; labels are human", async () => {
    const { cookie, userId } = await signIn(t, "canceller@example.com");
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 20, 'purchase')").run(userId);
    const started = await t.request("/matrix", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ base_prompts: ["a", "b", "c"], style_phrases: ["x", "y"], model_keys: ["local:paint"] }),
    });
    const { matrix_run_id: runId } = (await started.json()) as { matrix_run_id: string };
    const queue = createRenderQueue(sqliteData(t.sqlite), { concurrency: 10, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 });
    expect((await queue.claimNext("test-worker", ["local:paint"]))?.matrixRunId).toBe(runId);
    const cancel = await t.request(`/matrix/${runId}/cancel`, { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "application/json" }, body: "{}" });
    expect(await cancel.json()).toEqual({ cancelled: 5, refunded: 5 });
    expect(balance(userId)).toBe(20 - 6 + 5);
    // The ledger keeps a row per refunded cell; the history shows them as one line.
    expect((t.sqlite.query("SELECT count(*) AS n FROM credit_ledger WHERE reason = 'render_refund' AND matrix_run_id = ?").get(runId) as { n: number }).n).toBe(5);

    const html = await (await t.request("/account", { headers: { cookie } })).text();
    const history = html.slice(html.indexOf('id="ledger-heading"'));
    const short = runId.slice(0, 8);
    expect(history.match(/Refund for/g)).toHaveLength(1);
    expect(history).toContain(`Refund for 5 cells of run ${short}`);
    expect(history).toContain(`Matrix run ${short}`);
    expect(history).toContain(`href="/studio/runs/${runId}"`);
    expect(history).toContain(">+5<");
    expect(history).toContain(">-6<");
    expect(history).toContain("Credits bought");
    expect(history).not.toContain("matrix_run");
    expect(html).toContain(`id="credit-balance" class="text-4xl font-semibold tabular-nums">19<`);
  });
});

describe("a locked full-resolution download", () => {
  test("shows what unlocks it and how far the visitor is, with a link to pricing", async () => {
    const id = insertRender(t.sqlite, { stylePhrase: "oil painting" });
    const { cookie, userId } = await signIn(t, "quarter@example.com");
    t.sqlite
      .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, status) VALUES (?, ?, 'credits', 'credits_100', 2500, 'paid')")
      .run(`cs_test_${crypto.randomUUID()}`, userId);
    const page = await t.request(`/r/${id}/download`, { headers: { cookie, accept: "text/html" } });
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain("Not unlocked yet");
    expect(html).toContain("purchases reach $100.00 in total. You have spent $25.00 of $100.00.");
    expect(html).toMatch(/<a href="\/pricing"[^>]*>See pricing<\/a>/);

    const anonymous = await (await t.request(`/r/${id}/download`, { headers: { accept: "text/html" } })).text();
    expect(anonymous).toContain("Sign in and buy credits or the library to start.");
    const json = await (await t.request(`/r/${id}/download`, { headers: { accept: "application/json" } })).json();
    expect(json).toMatchObject({ status: 403, pricing: "/pricing" });
  });
});
