// The app over HTTP on bun:sqlite and on PostgreSQL, one suite: the gallery's pages and API, search paging over a
// stable snapshot, the Stripe webhook crediting once however often an event arrives, the studio debiting a matrix
// run once, and the library's listing. What a visitor, a payer or a client sees is the same on both.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq, sql } from "drizzle-orm";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { signedDelivery } from "../billing/harness";
import { addRender, appOn, type BackendApp } from "../helpers/backend-app";
import { forEachBackend } from "../helpers/backends";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { signIn } from "../helpers/sign-in";

const WEBHOOK_SECRET = "whsec_test_both_databases";
const STYLES = ["oil painting", "oil pastel", "pixel art", "watercolor wash"];
const PROMPTS = ["a red fox", "a tin robot", "a lighthouse"];
const MODELS = ["local:sketch", "local:paint"];

let guard: NetworkGuard;
let stripe: FakeStripe;
beforeAll(() => {
  guard = installNetworkGuard();
  stripe = startFakeStripe();
});
afterAll(async () => {
  await stripe.stop();
  guard.uninstall();
});

forEachBackend("the app over HTTP", (backend) => {
  let t: BackendApp;
  let hidden: string;
  let privateId: string;

  beforeAll(async () => {
    t = appOn(backend.data, {
      STRIPE_SECRET_KEY: "sk_test_fake",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
      RATE_LIMIT_CHECKOUT_PER_MINUTE: "100000",
      RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    });
    for (const style of STYLES) for (const prompt of PROMPTS) for (const model of MODELS) await addRender(backend.data, { stylePhrase: style, basePrompt: prompt, modelKey: model });
    await addRender(backend.data, { stylePhrase: "oil painting", status: "pending" });
    privateId = await addRender(backend.data, { stylePhrase: "oil painting", basePrompt: "a secret garden", visibility: "private" });
    await addRender(backend.data, { stylePhrase: "oil painting", nsfw: true });
    hidden = await addRender(backend.data, { stylePhrase: "oil painting", basePrompt: "a hidden harbour" });
  });
  afterAll(() => t.cleanup());

  test("health counts public renders, styles and the queue", async () => {
    const body = await (await t.request("/health")).json();
    expect(body).toMatchObject({ status: "ok", database: "ok", counts: { public_renders: 25, styles: 4 }, queue: { pending: 1, running: 0 } });
  });

  test("pages show public renders; a hidden one disappears from every page once an admin hides it", async () => {
    const { renders } = backend.data.tables;
    expect((await t.request(`/r/${hidden}`)).status).toBe(200);
    await backend.data.db.update(renders).set({ hiddenAt: Date.now() }).where(eq(renders.id, hidden));
    expect((await t.request(`/r/${hidden}`)).status).toBe(404);
    expect((await t.request(`/r/${privateId}`)).status).toBe(404);
    const style = await (await t.request("/style/oil-painting")).text();
    expect(style).toContain("a red fox");
    expect(style).not.toContain("a hidden harbour");
    expect(style).not.toContain("a secret garden");
    const home = await t.request("/");
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain("a secret garden");
  });

  test("search matches prefixes and pages through a snapshot that new renders do not move", async () => {
    const first = await (await t.request("/search?q=oil&limit=5")).json();
    expect(first.total).toBe(12);
    const seen: string[] = first.results.map((render: { id: string }) => render.id);
    await addRender(backend.data, { stylePhrase: "oil painting", basePrompt: "a late arrival" });
    for (let offset = 5; offset < 12; offset += 5) {
      const page = await (await t.request(`/search?q=oil&limit=5&offset=${offset}&cursor=${first.cursor}`)).json();
      expect(page.total).toBe(12);
      seen.push(...page.results.map((render: { id: string }) => render.id));
    }
    expect(new Set(seen).size).toBe(12);
    const fresh = await (await t.request("/search?q=oil%20paint")).json();
    expect(fresh.total).toBe(7);
    expect((await t.request("/search?q=oil&cursor=bm90LWEtY3Vyc29y")).status).toBe(400);
  });

  test("a Stripe payment delivered five times at once credits once", async () => {
    const { cookie } = await signIn(t, `payer-${backend.name}@example.com`);
    const checkout = await t.request("/checkout", {
      method: "POST",
      headers: { origin: "http://localhost", cookie, "content-type": "application/json" },
      body: JSON.stringify({ product: "credits_100" }),
    });
    expect(checkout.status).toBe(200);
    const sessionId = ((await checkout.json()) as { checkout_url: string }).checkout_url.split("/").pop()!;
    const event = stripe.emit("checkout.session.completed", stripe.completeSession(sessionId));
    const responses = await Promise.all(Array.from({ length: 5 }, () => signedDelivery(t, event, WEBHOOK_SECRET)));
    const outcomes = await Promise.all(responses.map(async (response) => ((await response.json()) as { outcome: string }).outcome));
    expect(outcomes.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await (await t.request("/me", { headers: { cookie } })).json()).toMatchObject({ credits: 100, lifetime_spend_cents: 2500 });
  });

  test("the studio debits a matrix run once and refuses one beyond the balance, writing nothing", async () => {
    const { cookie, userId } = await signIn(t, `maker-${backend.name}@example.com`);
    const { creditLedger, matrixRuns } = backend.data.tables;
    await backend.data.db.insert(creditLedger).values({ userId, delta: 20, reason: "test_grant" });
    const post = (body: object) =>
      t.request("/matrix", { method: "POST", headers: { origin: "http://localhost", cookie, "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
    const queued = await post({ base_prompts: ["a red fox", "a tin robot"], style_phrases: ["oil painting", "pixel art", "neon"], model_keys: ["local:paint", "local:sketch"] });
    expect(queued.status).toBe(200);
    expect(await queued.json()).toMatchObject({ cost: 12, credits: 8 });
    const refused = await post({ base_prompts: ["a red fox", "a tin robot"], style_phrases: ["oil painting", "pixel art", "neon"], model_keys: ["local:paint", "local:sketch"] });
    expect(refused.status).toBe(402);
    const [{ runs }] = (await backend.data.db.select({ runs: sql<number>`CAST(count(*) AS integer)` }).from(matrixRuns).where(eq(matrixRuns.userId, userId))) as [{ runs: number }];
    expect(runs).toBe(1);
    const debits = await backend.data.db.select({ delta: creditLedger.delta }).from(creditLedger).where(sql`${creditLedger.userId} = ${userId} AND ${creditLedger.delta} < 0`);
    expect(debits).toEqual([{ delta: -12 }]);
  });

  test("the library is for buyers: its size and ZIP answer once bought", async () => {
    const { cookie } = await signIn(t, `collector-${backend.name}@example.com`);
    expect((await t.request("/library.json", { headers: { cookie } })).status).toBe(403);
    const checkout = await t.request("/checkout", {
      method: "POST",
      headers: { origin: "http://localhost", cookie, "content-type": "application/json" },
      body: JSON.stringify({ product: "library" }),
    });
    const sessionId = ((await checkout.json()) as { checkout_url: string }).checkout_url.split("/").pop()!;
    const paid = await signedDelivery(t, stripe.emit("checkout.session.completed", stripe.completeSession(sessionId)), WEBHOOK_SECRET);
    expect(paid.status).toBe(200);
    const library = await t.request("/library.json", { headers: { cookie } });
    expect(library.status).toBe(200);
    // The fixtures' originals were never written, so the library counts no files; its ZIP still answers, empty.
    const { files, download_url } = (await library.json()) as { files: number; download_url: string };
    expect(files).toBe(0);
    expect(download_url).toMatch(/^\/library\.zip\?snapshot=\d+$/);
    const zip = await t.request(download_url, { headers: { cookie } });
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
  });
});
