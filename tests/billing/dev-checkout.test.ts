// Offline purchase end to end: dev sign-in → checkout → the local test-payment page → Pay delivers a signed
// event to the real webhook → /me shows the credits. Production never exposes any of it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Stripe from "stripe";
import { startCheckout } from "../../src/features/billing/checkout";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { ORIGIN, signIn } from "../helpers/sign-in";
import { signedDelivery } from "./harness";
import { sqliteData } from "../../src/db/data";

let t: TestApp;

beforeAll(() => {
  t = createTestApp({ SECRET_KEY: "a-development-secret-for-these-tests" });
});
afterAll(() => t.cleanup());

async function me(cookie: string) {
  return (await t.request("/me", { headers: { cookie } })).json();
}

function pathOf(location: string): string {
  const url = new URL(location);
  return url.pathname + url.search;
}

describe("the dev test-payment flow", () => {
  test("dev sign-in → POST /checkout credits_100 → test-payment page → Pay → 100 credits, lifetime spend 2500", async () => {
    const { cookie } = await signIn(t, "offline@example.com");
    const checkout = await t.request("/checkout", {
      method: "POST",
      headers: { origin: ORIGIN, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "product=credits_100",
    });
    expect(checkout.status).toBe(303);
    const pagePath = pathOf(checkout.headers.get("location")!);
    expect(pagePath).toMatch(/^\/dev\/checkout\/cs_dev_[\w-]+$/);

    const page = await t.request(pagePath, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("cache-control")).toContain("no-store");
    const html = await page.text();
    expect(html).toContain("100 credits");
    expect(html).toContain("$25.00");
    expect(html).toContain(`action="${pagePath}/pay"`);
    expect(html).toContain(">Cancel<");

    const pay = await t.request(`${pagePath}/pay`, { method: "POST", headers: { origin: ORIGIN, cookie } });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe("/account?test_payment=credits_100");
    expect(await me(cookie)).toMatchObject({ credits: 100, lifetime_spend_cents: 2500, unlocked: false });

    // The grant went through the webhook: its event id is recorded and carried by the ledger row.
    const event = t.sqlite.query("SELECT id, type FROM stripe_events").get() as { id: string; type: string };
    expect(event.type).toBe("checkout.session.completed");
    expect(t.sqlite.query("SELECT stripe_event_id FROM credit_ledger").get()).toEqual({ stripe_event_id: event.id });

    // Paying twice changes nothing.
    expect((await t.request(`${pagePath}/pay`, { method: "POST", headers: { origin: ORIGIN, cookie } })).status).toBe(303);
    expect((await me(cookie)).credits).toBe(100);

    const account = await t.request("/account?test_payment=credits_100", { headers: { cookie } });
    const accountHtml = await account.text();
    expect(accountHtml).toContain('id="credit-balance" class="text-4xl font-semibold tabular-nums">100<');
    // Development mode says what happened, not Stripe wording, and offers no billing portal without Stripe.
    expect(accountHtml).toContain("Test payment applied: 100 credits (development mode, no money moved).");
    expect(accountHtml).not.toContain("Stripe confirms");
    expect(accountHtml).not.toContain('href="/billing-portal"');
  });

  test("someone else's test payment is a 404 to see and to pay", async () => {
    const owner = await signIn(t, "owner@example.com");
    const other = await signIn(t, "other@example.com");
    const checkout = await t.request("/checkout", {
      method: "POST",
      headers: { origin: ORIGIN, cookie: owner.cookie, "content-type": "application/json" },
      body: JSON.stringify({ product: "library" }),
    });
    const pagePath = pathOf((await checkout.json()).checkout_url);
    expect((await t.request(pagePath, { headers: { cookie: other.cookie } })).status).toBe(404);
    expect((await t.request(`${pagePath}/pay`, { method: "POST", headers: { origin: ORIGIN, cookie: other.cookie } })).status).toBe(404);
    expect((await t.request(`${pagePath}/pay`, { method: "POST", headers: { cookie: owner.cookie } })).status).toBe(403);
    expect((await me(owner.cookie)).library_access).toBe(false);
    expect((await t.request(pagePath)).headers.get("location")).toBe(`/sign-in?next=${pagePath}`);
  });

  test("the dev webhook secret is derived from SECRET_KEY: an event signed with anything else is refused", async () => {
    const { userId } = await signIn(t, "forger@example.com");
    const event = {
      id: "evt_forged",
      object: "event",
      type: "checkout.session.completed",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "cs_dev_forged", object: "checkout.session", mode: "payment", payment_status: "paid", amount_total: 2500, metadata: { user_id: String(userId), product: "credits_500" } } },
    };
    const response = await signedDelivery(t, event, "whsec_guessed");
    expect(response.status).toBe(400);
    expect(t.sqlite.query("SELECT count(*) AS n FROM stripe_events WHERE id = 'evt_forged'").get()).toEqual({ n: 0 });
  });

  test("the billing portal outside Stripe points back to the account page", async () => {
    const { cookie } = await signIn(t, "portal-dev@example.com");
    const response = await t.request("/billing-portal", { headers: { cookie } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toEndWith("/account?portal=unavailable");
  });
});

describe("production", () => {
  test("no dev checkout routes, checkout without Stripe is 503, the webhook without a secret is 503", async () => {
    const prod = createTestApp({ NODE_ENV: "production", SECRET_KEY: "k7Qw9zR2mX4pL8vN3bT6yH1cJ5fG0dSa" });
    try {
      expect((await prod.request("/dev/checkout/cs_dev_x")).status).toBe(404);
      expect((await prod.request("/dev/checkout/cs_dev_x/pay", { method: "POST", headers: { origin: ORIGIN } })).status).toBe(404);
      const spec = await (await prod.request("/docs/json")).json();
      expect(Object.keys(spec.paths).filter((path) => path.startsWith("/dev"))).toEqual([]);
      const payload = JSON.stringify({ id: "evt_1", object: "event", type: "checkout.session.completed", data: { object: {} } });
      const signature = await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: "whsec_anything" });
      const webhook = await prod.request("/webhook/stripe", { method: "POST", headers: { "stripe-signature": signature }, body: payload });
      expect(webhook.status).toBe(503);
      expect(prod.sqlite.query("SELECT count(*) AS n FROM stripe_events").get()).toEqual({ n: 0 });
      const userId = (prod.sqlite.query("INSERT INTO users (google_sub, email) VALUES ('g-1', 'p@example.com') RETURNING id").get() as { id: number }).id;
      const attempt = startCheckout({ data: sqliteData(prod.sqlite), config: prod.config, stripe: null }, { id: userId, email: "p@example.com" }, "credits_100");
      expect(attempt).rejects.toMatchObject({ status: 503, message: "Payments are not configured on this server." });
    } finally {
      prod.cleanup();
    }
  });
});
