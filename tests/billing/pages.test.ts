// /pricing is the same bytes for everyone; /account is personal (no-store) with balance, history and purchases.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { signIn } from "../helpers/sign-in";

let t: TestApp;

beforeAll(() => {
  t = createTestApp({ UNLOCK_THRESHOLD_CENTS: "10000" });
});
afterAll(() => t.cleanup());

describe("GET /pricing", () => {
  test("lists the three products with prices and buy forms posting to /checkout", async () => {
    const response = await t.request("/pricing");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    for (const [name, price, key] of [
      ["100 credits", "$25.00", "credits_100"],
      ["500 credits", "$100.00", "credits_500"],
      ["The whole library (ZIP)", "$50.00", "library"],
    ]) {
      expect(html).toContain(name!);
      expect(html).toContain(price!);
      expect(html).toContain(`<input type="hidden" name="product" value="${key}"/>`);
    }
    // Each Buy names the checkout page that resumes it after a sign-in.
    expect(html.match(/<form method="post" action="\/checkout\?next=%2Fcheckout%3Fproduct%3D(credits_100|credits_500|library)">/g)).toHaveLength(3);
    expect(html).toContain("CC0-1.0");
  });

  test("is the same bytes signed in and signed out", async () => {
    const anonymous = await (await t.request("/pricing")).text();
    const { cookie } = await signIn(t, "pricing@example.com");
    const signedIn = await t.request("/pricing", { headers: { cookie } });
    expect(await signedIn.text()).toBe(anonymous);
    expect(signedIn.headers.get("cache-control")).toContain("public");
    expect(anonymous).not.toContain("pricing@example.com");
  });
});

describe("GET /account", () => {
  test("signed out → redirected to /sign-in, to come back here", async () => {
    const response = await t.request("/account");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?next=/account");
  });

  test("shows balance, progress toward unlock, purchases, credit history, portal link and sign-out; never cached", async () => {
    const { cookie, userId } = await signIn(t, "account@example.com");
    t.sqlite
      .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, credits, status, payment_intent_id) VALUES ('cs_a', ?, 'credits', 'credits_100', 2500, 100, 'paid', 'pi_a')")
      .run(userId);
    t.sqlite.query("INSERT INTO payments (id, user_id, kind, product, amount_cents, credits, status) VALUES ('cs_abandoned', ?, 'credits', 'credits_500', 10000, 500, 'pending')").run(userId);
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason, payment_id) VALUES (?, 100, 'purchase', 'cs_a')").run(userId);
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, -3, '<img src=x onerror=alert(1)>')").run(userId);
    const response = await t.request("/account", { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const html = await response.text();
    expect(html).toContain("account@example.com");
    expect(html).toContain('id="credit-balance" class="text-4xl font-semibold tabular-nums">97<');
    expect(html).toContain('<progress id="unlock-progress" max="10000" value="2500"');
    expect(html).toContain("$25.00 of $100.00 toward full access.");
    expect(html).toContain("Credits bought");
    expect(html).toContain("+100");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("100 credits");
    expect(html).not.toContain("500 credits");
    // No Stripe account here (development test payments): no billing portal to offer.
    expect(html).not.toContain('href="/billing-portal"');
    expect(html).toContain('<form method="post" action="/auth/logout">');
  });

  test("offers the billing portal when a Stripe account backs payments", async () => {
    const withStripe = createTestApp({ STRIPE_SECRET_KEY: "sk_test_pages", STRIPE_WEBHOOK_SECRET: "whsec_pages" });
    try {
      const { cookie } = await signIn(withStripe, "stripe-customer@example.com");
      expect(await (await withStripe.request("/account", { headers: { cookie } })).text()).toContain('href="/billing-portal"');
    } finally {
      withStripe.cleanup();
    }
  });
});
