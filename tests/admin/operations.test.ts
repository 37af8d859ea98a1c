// The rest of the admin console through real HTTP: curation, money (through the ledger, mirrored to a fake
// Stripe), jobs (retry charging nothing twice, cancel, model states), the audit log, bad input, and 404 for others.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { immediate } from "../../src/db/client";
import { createGenerationEngine, queueSettings } from "../../src/generation/engine";
import { createRenderQueue } from "../../src/generation/queue";
import { debitStep, refundStep } from "../../src/features/billing/ledger";
import { runSteps } from "../helpers/steps";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { enqueue } from "../helpers/generation";
import { ORIGIN, signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;
let fake: FakeStripe;
let admin: { cookie: string; userId: number };
beforeEach(async () => {
  fake = startFakeStripe();
  t = createTestApp({ ADMIN_EMAILS: "boss@example.com", STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_API_URL: fake.url });
  admin = await signIn(t, "boss@example.com");
});
afterEach(async () => {
  t.cleanup();
  await fake.stop();
});

function post(cookie: string | null, path: string, fields: Record<string, string> = {}): Promise<Response> {
  return t.request(path, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

function postJson(cookie: string, path: string, body: unknown): Promise<Response> {
  return t.request(path, {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/json", accept: "application/json", cookie },
    body: JSON.stringify(body),
  });
}

const page = async (path: string, cookie = admin.cookie) => (await t.request(path, { headers: { cookie } })).text();

function auditRows(): { admin_id: number; action: string; target_id: string; reason: string | null }[] {
  return t.sqlite.query("SELECT admin_id, action, target_id, reason FROM admin_actions ORDER BY id").all() as never;
}

function balance(userId: number): number {
  return (t.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId) as { n: number }).n;
}

describe("only admins", () => {
  test("every /admin page and action answers 404 to visitors and signed-in non-admins, and changes nothing", async () => {
    const render = insertRender(t.sqlite);
    const member = await signIn(t, "member@example.com");
    const gets = ["/admin", "/admin/curation", "/admin/users", `/admin/users/${member.userId}`, "/admin/users/not-a-number", "/admin/jobs", "/admin/audit", "/admin/nothing-here"];
    const posts: [string, Record<string, string>][] = [
      [`/admin/renders/${render}/hide`, { reason: "x" }],
      [`/admin/renders/${render}/restore`, {}],
      ["/admin/curated", { id: render }],
      [`/admin/curated/${render}/move`, { direction: "up" }],
      [`/admin/curated/${render}/remove`, {}],
      ["/admin/styles/oil-painting/feature", {}],
      ["/admin/styles/unfeature", {}],
      [`/admin/users/${member.userId}/credits`, { delta: "1000", reason: "free money" }],
      ["/admin/users/abc/credits", { delta: "zero" }],
      [`/admin/jobs/${render}/retry`, {}],
      ["/admin/runs/some-run/cancel", {}],
    ];
    for (const cookie of [null, member.cookie]) {
      for (const path of gets) expect([path, (await t.request(path, cookie ? { headers: { cookie } } : {})).status]).toEqual([path, 404]);
      for (const [path, fields] of posts) expect([path, (await post(cookie, path, fields)).status]).toEqual([path, 404]);
    }
    expect(auditRows()).toEqual([]);
    expect(balance(member.userId)).toBe(0);
  });
});

describe("curation", () => {
  test("an admin chooses and orders the home page's curated set; bad input is refused with a message", async () => {
    const [a, b, c] = ["ink wash", "oil painting", "pixel art"].map((stylePhrase) => insertRender(t.sqlite, { basePrompt: "a fox", stylePhrase }));
    const privateOne = insertRender(t.sqlite, { visibility: "private" });
    const home = async () => {
      const html = await page("/");
      const gallery = html.slice(html.indexOf('id="gallery-heading"'));
      return [a!, b!, c!].filter((id) => gallery.includes(id)).sort((x, y) => gallery.indexOf(x) - gallery.indexOf(y));
    };
    expect(await home()).toHaveLength(3); // nothing curated: one per style

    expect((await post(admin.cookie, "/admin/curated", { id: c!, reason: "strong image" })).status).toBe(303);
    expect((await post(admin.cookie, "/admin/curated", { id: a! })).status).toBe(303);
    expect(await home()).toEqual([c!, a!]);

    expect((await post(admin.cookie, `/admin/curated/${a}/move`, { direction: "up" })).status).toBe(303);
    expect(await home()).toEqual([a!, c!]);
    expect((await post(admin.cookie, `/admin/curated/${c}/remove`)).status).toBe(303);
    expect(await home()).toEqual([a!]);

    const refused = async (path: string, fields: Record<string, string>, status: number, message: string) => {
      const response = await postJson(admin.cookie, path, fields);
      expect([path, response.status]).toEqual([path, status]);
      expect(JSON.stringify(await response.json())).toContain(message);
    };
    await refused("/admin/curated", { id: a! }, 409, "already in the curated set");
    await refused("/admin/curated", { id: privateOne }, 409, "Only a render in the public gallery");
    await refused("/admin/curated", { id: "no-such-render" }, 404, "No render has that id");
    await refused("/admin/curated", {}, 400, "id");
    await refused(`/admin/curated/${a}/move`, { direction: "sideways" }, 400, "direction must be up or down");
    await refused(`/admin/curated/${a}/move`, { direction: "up" }, 409, "already first");
    await refused(`/admin/curated/${b}/remove`, {}, 404, "not in the curated set");

    const curation = await page("/admin/curation");
    expect(curation).toContain(`data-curated-id="${a}"`);
    expect(auditRows().map((row) => [row.action, row.target_id, row.reason])).toEqual([
      ["curate", c!, "strong image"],
      ["curate", a!, null],
      ["curate_move", a!, "up"],
      ["uncurate", c!, null],
    ]);
  });

  test("featuring a style puts it on the home page, replacing the one before; unfeaturing takes it off", async () => {
    insertRender(t.sqlite, { stylePhrase: "ink wash" });
    insertRender(t.sqlite, { stylePhrase: "pixel art <b>" });
    expect(await page("/")).not.toContain("data-featured-style");
    expect((await post(admin.cookie, "/admin/styles/ink-wash/feature", { reason: "spring" })).status).toBe(303);
    expect(await page("/")).toContain('data-featured-style="ink-wash"');
    const pixel = (await t.json("/styles").then((r) => r.json()) as { styles: { slug: string }[] }).styles.find((s) => s.slug.startsWith("pixel"))!.slug;
    expect((await post(admin.cookie, `/admin/styles/${pixel}/feature`)).status).toBe(303);
    const home = await page("/");
    expect(home).toContain(`data-featured-style="${pixel}"`);
    expect(home).toContain("pixel art &lt;b&gt;");
    expect(home).not.toContain('data-featured-style="ink-wash"');
    expect((await postJson(admin.cookie, `/admin/styles/${pixel}/feature`, {})).status).toBe(409);
    expect((await postJson(admin.cookie, "/admin/styles/no-such-style/feature", {})).status).toBe(404);
    expect((await postJson(admin.cookie, "/admin/styles/ink-wash/feature", { reason: "x".repeat(501) })).status).toBe(400);
    expect((await post(admin.cookie, "/admin/styles/unfeature")).status).toBe(303);
    expect(await page("/")).not.toContain("data-featured-style");
    expect((await postJson(admin.cookie, "/admin/styles/unfeature", {})).status).toBe(409);
    expect(auditRows().map((row) => [row.action, row.target_id])).toEqual([
      ["feature_style", "ink-wash"],
      ["feature_style", pixel],
      ["unfeature_style", pixel],
    ]);
  });
});

describe("money", () => {
  test("an adjustment goes through the ledger, shows on the user's pages, is mirrored to Stripe and never goes below zero", async () => {
    const member = await signIn(t, "member@example.com");
    // A Stripe customer, as a first checkout makes one.
    const checkout = await t.request("/checkout", {
      method: "POST",
      headers: { origin: ORIGIN, cookie: member.cookie, "content-type": "application/json" },
      body: JSON.stringify({ product: "credits_100" }),
    });
    expect(checkout.status).toBe(200);
    const customerId = (t.sqlite.query("SELECT stripe_customer_id FROM users WHERE id = ?").get(member.userId) as { stripe_customer_id: string }).stripe_customer_id;
    expect(customerId).toStartWith("cus_");

    const added = await postJson(admin.cookie, `/admin/users/${member.userId}/credits`, { delta: 50, reason: "Sorry for the outage" });
    expect(added.status).toBe(200);
    expect(await added.json()).toEqual({ user_id: member.userId, delta: 50, credits: 50 });
    const form = await post(admin.cookie, `/admin/users/${member.userId}/credits`, { delta: "-20", reason: "Duplicate grant" });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe(`/admin/users/${member.userId}`);
    expect(balance(member.userId)).toBe(30);

    const tooMuch = await postJson(admin.cookie, `/admin/users/${member.userId}/credits`, { delta: -31, reason: "Take it all" });
    expect(tooMuch.status).toBe(409);
    expect(JSON.stringify(await tooMuch.json())).toContain("the balance is 30");
    for (const [body, message] of [
      [{ delta: 5 }, "reason"],
      [{ delta: 5, reason: "   " }, "reason"],
      [{ delta: 0, reason: "nothing" }, "delta must not be 0"],
      [{ delta: 1.5, reason: "half" }, "delta must be a whole number"],
      [{ delta: "lots", reason: "x" }, "delta must be a whole number"],
      [{ delta: 1_000_001, reason: "typo" }, "delta must be a whole number"],
    ] as const) {
      const response = await postJson(admin.cookie, `/admin/users/${member.userId}/credits`, body);
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400]);
      expect(JSON.stringify(await response.json())).toContain(message);
    }
    expect((await postJson(admin.cookie, "/admin/users/999999/credits", { delta: 5, reason: "ghost" })).status).toBe(404);
    expect(balance(member.userId)).toBe(30);

    const me = (await (await t.request("/me", { headers: { cookie: member.cookie } })).json()) as { credits: number };
    expect(me.credits).toBe(30);
    expect(await page("/account", member.cookie)).toContain("Adjusted by the gallery team");
    const money = await page(`/admin/users/${member.userId}`);
    expect(money).toContain("30 credits");
    expect(money).toContain("admin_adjustment");
    expect(await page("/admin/users?q=member")).toContain(`/admin/users/${member.userId}`);
    expect((await t.request("/admin/users/999999", { headers: { cookie: admin.cookie } })).status).toBe(404);

    // The mirror runs after the answer: wait (bounded) for the fake Stripe customer to hold the new balance.
    for (let tries = 0; tries < 100 && fake.customers.get(customerId)?.metadata.credits !== "30"; tries++) await Bun.sleep(20);
    expect(fake.customers.get(customerId)?.metadata.credits).toBe("30");

    expect(auditRows().map((row) => [row.action, row.target_id, row.reason])).toEqual([
      ["credits", String(member.userId), "+50: Sorry for the outage"],
      ["credits", String(member.userId), "-20: Duplicate grant"],
    ]);
  });

  test("payments and refunds show on a user's money page", async () => {
    const member = await signIn(t, "payer@example.com");
    t.sqlite
      .query(
        `INSERT INTO payments (id, user_id, kind, product, amount_cents, credits, refunded_cents, payment_intent_id, status)
         VALUES ('cs_paid', ?, 'credits', 'credits_100', 500, 100, 0, 'pi_1', 'paid'), ('cs_back', ?, 'credits', 'credits_500', 2000, 500, 2000, 'pi_2', 'refunded')`,
      )
      .run(member.userId, member.userId);
    const html = await page(`/admin/users/${member.userId}`);
    const refunds = html.slice(html.indexOf('id="refunds"'));
    expect(html.slice(html.indexOf('id="payments"'))).toContain("credits_100");
    expect(refunds).toContain("credits_500");
    expect(refunds).toContain("$20.00");
    expect(refunds).not.toContain("credits_100");
  });
});

describe("jobs", () => {
  function paidRun(userId: number, cells: number) {
    return immediate(t.sqlite, () => {
      const run = enqueue(t.sqlite, {
        userId,
        basePrompts: Array.from({ length: cells }, (_, i) => `a paid prompt ${i}`),
        stylePhrases: ["ink wash"],
        modelKeys: ["local:sketch"],
        costOf: () => 2,
      });
      runSteps(t.sqlite, (tx, tables) => debitStep(tx, tables, { userId, cost: run.cost, reason: "matrix", matrixRunId: run.runId }));
      return run;
    });
  }

  test("a failed paid render is retried once more charging nothing, and failing again refunds nothing twice", async () => {
    const member = await signIn(t, "member@example.com");
    await postJson(admin.cookie, `/admin/users/${member.userId}/credits`, { delta: 10, reason: "test credits" });
    const run = paidRun(member.userId, 2);
    expect(balance(member.userId)).toBe(6);
    const worker = createRenderQueue(sqliteData(t.sqlite), queueSettings(t.config), refundStep);
    const first = (await worker.claimNext("w1", ["local:sketch"]))!;
    expect((await worker.fail(first.id, "w1", { kind: "permanent", message: "provider said no <b>" }))).toBe("failed");
    expect(balance(member.userId)).toBe(8);

    const jobs = await page("/admin/jobs");
    const failed = jobs.slice(jobs.indexOf('id="failed"'), jobs.indexOf('id="models"'));
    expect(failed).toContain(first.id);
    expect(failed).toContain("provider said no &lt;b&gt;");
    expect(jobs.slice(jobs.indexOf('id="pending"'), jobs.indexOf('id="failed"'))).toContain("Pending (1)");

    const retried = await postJson(admin.cookie, `/admin/jobs/${first.id}/retry`, { reason: "provider is back" });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ id: first.id, status: "pending" });
    expect(balance(member.userId)).toBe(8);
    const runRow = () => t.sqlite.query("SELECT status, done_cells, failed_cells, completed_at FROM matrix_runs WHERE id = ?").get(run.runId) as Record<string, unknown>;
    expect(runRow()).toMatchObject({ status: "running", failed_cells: 0 });
    const again = await postJson(admin.cookie, `/admin/jobs/${first.id}/retry`, {});
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain("this one is pending");

    // It fails again: still one refund.
    const second = (await worker.claimNext("w2", ["local:sketch"]))!;
    const third = (await worker.claimNext("w3", ["local:sketch"]))!;
    expect([second.id, third.id]).toContain(first.id);
    expect((await worker.fail(first.id, first.id === second.id ? "w2" : "w3", { kind: "permanent", message: "still no" }))).toBe("failed");
    expect(balance(member.userId)).toBe(8);
    expect((t.sqlite.query("SELECT count(*) AS n FROM credit_ledger WHERE render_id = ? AND reason = 'render_refund'").get(first.id) as { n: number }).n).toBe(1);
    expect(runRow()).toMatchObject({ failed_cells: 1 });

    const running = await page("/admin/jobs");
    const runningSection = running.slice(running.indexOf('id="running"'), running.indexOf('id="pending"'));
    expect(runningSection).toContain("Running (1)");
    expect(runningSection).toMatch(/lease \d+ s old/);

    expect(auditRows().filter((row) => row.action === "job_retry").map((row) => [row.target_id, row.reason])).toEqual([[first.id, "provider is back"]]);
  });

  test("retry refuses what it cannot fix, with a message", async () => {
    const pendingOne = insertRender(t.sqlite, { status: "pending" });
    const cancelled = insertRender(t.sqlite, { status: "failed" });
    t.sqlite.query("UPDATE renders SET error = 'Cancelled before it started' WHERE id = ?").run(cancelled);
    const unsafe = insertRender(t.sqlite, { status: "failed", nsfw: true });
    const retiredModel = insertRender(t.sqlite, { status: "failed", modelKey: "openai:dall-e-3" });
    for (const [id, status, message] of [
      [pendingOne, 409, "this one is pending"],
      [cancelled, 409, "cancelled"],
      [unsafe, 409, "safety check"],
      [retiredModel, 409, "retired"],
      ["no-such-job", 404, "No job has that id"],
    ] as const) {
      const response = await postJson(admin.cookie, `/admin/jobs/${id}/retry`, {});
      expect([id, response.status]).toEqual([id, status]);
      expect(JSON.stringify(await response.json())).toContain(message);
    }
    expect((await postJson(admin.cookie, `/admin/jobs/${pendingOne}/retry`, { reason: 42 })).status).toBe(400);
    expect(auditRows()).toEqual([]);
  });

  test("an admin cancels anyone's run: cells not started are refunded, a finished run is refused", async () => {
    const member = await signIn(t, "member@example.com");
    await postJson(admin.cookie, `/admin/users/${member.userId}/credits`, { delta: 10, reason: "test credits" });
    const run = paidRun(member.userId, 3);
    expect(balance(member.userId)).toBe(4);
    const worker = createRenderQueue(sqliteData(t.sqlite), queueSettings(t.config), refundStep);
    (await worker.claimNext("w1", ["local:sketch"]));

    const cancel = await post(admin.cookie, `/admin/runs/${run.runId}/cancel`, { reason: "runaway run" });
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get("location")).toBe("/admin/jobs");
    expect(balance(member.userId)).toBe(8);
    expect((t.sqlite.query("SELECT status FROM matrix_runs WHERE id = ?").get(run.runId) as { status: string }).status).toBe("cancelled");
    expect((await postJson(admin.cookie, "/admin/runs/no-such-run/cancel", {})).status).toBe(404);
    t.sqlite.query("UPDATE matrix_runs SET completed_at = 1 WHERE id = ?").run(run.runId);
    const finished = await postJson(admin.cookie, `/admin/runs/${run.runId}/cancel`, {});
    expect(finished.status).toBe(409);
    expect(JSON.stringify(await finished.json())).toContain("already finished");
    expect(auditRows().filter((row) => row.action === "run_cancel").map((row) => [row.target_id, row.reason])).toEqual([[run.runId, "runaway run"]]);
  });

  test("each model's state: enabled, disabled by a provider error, retired, withdrawn", async () => {
    let engine: ReturnType<typeof createGenerationEngine> | undefined;
    const withEngine = createTestApp({ ADMIN_EMAILS: "boss@example.com" }, (sqlite, config) => (engine = createGenerationEngine(sqliteData(sqlite), config, { onFailed: refundStep })));
    try {
      const boss = await signIn(withEngine, "boss@example.com");
      engine!.health.disable("local:pixel", "the provider answered model_not_found");
      const html = await (await withEngine.request("/admin/jobs", { headers: { cookie: boss.cookie } })).text();
      const stateOf = (key: string) => {
        const start = html.indexOf(`data-model="${key}"`);
        return html.slice(start, html.indexOf("</tr>", start));
      };
      expect(stateOf("local:sketch")).toContain("<td>enabled</td>");
      expect(stateOf("openai:dall-e-3")).toContain("<td>retired</td>");
      expect(stateOf("replicate:sdxl")).toContain("<td>withdrawn</td>");
      expect(stateOf("local:pixel")).toContain("<td>disabled</td>");
      expect(stateOf("local:pixel")).toContain("model_not_found");
    } finally {
      withEngine.cleanup();
    }
  });
});

describe("audit log", () => {
  test("the audit page lists every admin action with who, what, when and why", async () => {
    const render = insertRender(t.sqlite);
    await post(admin.cookie, `/admin/renders/${render}/hide`, { reason: "Spam <script>" });
    await post(admin.cookie, `/admin/renders/${render}/restore`, { reason: "Appeal upheld" });
    const html = await page("/admin/audit");
    const log = html.slice(html.indexOf('id="audit-log"'));
    expect(log).toContain("boss@example.com");
    expect(log).toContain("Spam &lt;script&gt;");
    expect(log).toContain("Appeal upheld");
    expect(log.indexOf("restore")).toBeLessThan(log.indexOf("hide"));
    expect(log).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });
});
