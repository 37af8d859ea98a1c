// POST /checkout and GET /billing-portal against a fake Stripe, and the mirror of balances into customer metadata.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { installNetworkGuard, expectNoExternalRequests, type NetworkGuard } from "../helpers/network-guard";
import { captureLogs } from "../helpers/logs";
import { ORIGIN } from "../helpers/sign-in";
import { startBillingHarness, type BillingHarness } from "./harness";

/** BASE_URL: the only Origin a state-changing request may carry. */
const SITE = "https://gallery.example";
let h: BillingHarness;
let guard: NetworkGuard;

beforeAll(() => {
  guard = installNetworkGuard();
  h = startBillingHarness({ BASE_URL: SITE });
});
afterAll(async () => {
  await h.stop();
  expectNoExternalRequests();
  guard.uninstall();
});

function postCheckout(body: string, headers: Record<string, string>) {
  return h.t.request("/checkout", { method: "POST", headers: { origin: SITE, ...headers }, body });
}

async function waitFor<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await Bun.sleep(20);
  }
}

describe("POST /checkout", () => {
  test("a form post → 303 to Stripe Checkout for the user's new customer, and a pending payment", async () => {
    const { cookie, userId } = await h.signIn("form@example.com");
    const response = await postCheckout("product=credits_100", { cookie, "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toStartWith(`${h.fake.url}/checkout/pay/cs_test_`);
    const sessionId = location.split("/").pop()!;
    const session = h.fake.sessions.get(sessionId)!;
    const customerId = (h.t.sqlite.query("SELECT stripe_customer_id FROM users WHERE id = ?").get(userId) as { stripe_customer_id: string }).stripe_customer_id;
    expect(customerId).toStartWith("cus_");
    expect(h.fake.customers.get(customerId)).toMatchObject({ email: "form@example.com", metadata: { user_id: String(userId) } });
    expect(session).toMatchObject({
      mode: "payment",
      customer: customerId,
      metadata: { user_id: String(userId), product: "credits_100" },
      amount_total: 2500,
      success_url: "https://gallery.example/account?checkout=success",
      cancel_url: "https://gallery.example/pricing",
    });
    expect(session.line_items_requested).toEqual([{ price_data: { currency: "usd", unit_amount: "2500", product_data: { name: "100 credits" } }, quantity: "1" }]);
    expect(h.t.sqlite.query("SELECT user_id, kind, product, amount_cents, credits, status FROM payments WHERE id = ?").get(sessionId)).toEqual({
      user_id: userId,
      kind: "credits",
      product: "credits_100",
      amount_cents: 2500,
      credits: 100,
      status: "pending",
    });
    const call = h.fake.calls.find((c) => c.path === "/v1/checkout/sessions")!;
    expect(call.authorization).toBe("Bearer sk_test_fake");
  });

  test("JSON → {checkout_url}; the customer is created once and reused", async () => {
    const { cookie, userId } = await h.signIn("json@example.com");
    const before = h.fake.customers.size;
    const [first, second] = await Promise.all(
      ["credits_500", "library"].map((product) => postCheckout(JSON.stringify({ product }), { cookie, "content-type": "application/json" })),
    );
    expect(first!.status).toBe(200);
    expect(first!.headers.get("content-type")).toContain("application/json");
    expect((await first!.json()).checkout_url).toStartWith(`${h.fake.url}/checkout/pay/`);
    expect((await second!.json()).checkout_url).toStartWith(`${h.fake.url}/checkout/pay/`);
    expect(h.fake.customers.size).toBe(before + 1);
    const rows = h.t.sqlite.query("SELECT product, amount_cents, credits, kind FROM payments WHERE user_id = ? ORDER BY product").all(userId);
    expect(rows).toEqual([
      { product: "credits_500", amount_cents: 10000, credits: 500, kind: "credits" },
      { product: "library", amount_cents: 5000, credits: 0, kind: "library" },
    ]);
  });

  test("an unknown product → 400 naming the products; a missing one → 400", async () => {
    const { cookie } = await h.signIn("typo@example.com");
    const unknown = await postCheckout(JSON.stringify({ product: "credits_9000" }), { cookie, "content-type": "application/json" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toContain("product must be one of credits_100, credits_500, library");
    const missing = await postCheckout(JSON.stringify({}), { cookie, "content-type": "application/json" });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toContain("product");
  });

  test("signed out: a form is sent to /sign-in, JSON gets 401", async () => {
    const form = await postCheckout("product=credits_100", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/sign-in");
    const api = await postCheckout(JSON.stringify({ product: "credits_100" }), { "content-type": "application/json" });
    expect(api.status).toBe(401);
  });

  test("a foreign or missing Origin → 403 and no session is created", async () => {
    const { cookie } = await h.signIn("csrf@example.com");
    const sessions = h.fake.sessions.size;
    for (const origin of ["https://evil.example", undefined]) {
      const headers: Record<string, string> = { cookie, "content-type": "application/x-www-form-urlencoded" };
      if (origin) headers.origin = origin;
      const response = await h.t.request("/checkout", { method: "POST", headers, body: "product=credits_100" });
      expect(response.status).toBe(403);
    }
    expect(h.fake.sessions.size).toBe(sessions);
  });

  test("Stripe failing → 502 with a message, nothing recorded", async () => {
    const { cookie, userId } = await h.signIn("down@example.com");
    h.fake.failNext("/v1/customers", 3, 500);
    using logs = captureLogs(/^Stripe request failed/);
    const response = await postCheckout(JSON.stringify({ product: "credits_100" }), { cookie, "content-type": "application/json" });
    expect(response.status).toBe(502);
    expect(logs.lines).toEqual(["Stripe request failed: Injected failure"]);
    expect((await response.json()).error).toContain("payment provider");
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM payments WHERE user_id = ?").get(userId)).toEqual({ n: 0 });
  });
});

describe("GET /billing-portal", () => {
  test("→ 303 to a Customer Portal session, creating the customer when the user has none", async () => {
    const { cookie, userId } = await h.signIn("portal@example.com");
    const response = await h.t.request("/billing-portal", { headers: { cookie } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toStartWith(`${h.fake.url}/portal/bps_`);
    const { stripe_customer_id } = h.t.sqlite.query("SELECT stripe_customer_id FROM users WHERE id = ?").get(userId) as { stripe_customer_id: string };
    const call = h.fake.calls.findLast((c) => c.path === "/v1/billing_portal/sessions")!;
    expect(call.params).toEqual({ customer: stripe_customer_id, return_url: "https://gallery.example/account" });
  });

  test("signed out → sent to /sign-in, to come back here", async () => {
    const response = await h.t.request("/billing-portal");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?next=/billing-portal");
  });
});

describe("mirror to Stripe customer metadata", () => {
  test("credits and lifetime spend reach the customer after each applied event, even through a failing update", async () => {
    const { cookie } = await h.signIn("mirror@example.com");
    const sessionId = await h.checkout(cookie, "credits_100");
    const customerId = h.fake.sessions.get(sessionId)!.customer!;
    h.fake.failNext(`/v1/customers/${customerId}`, 1, 500);
    const { response } = await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    expect(response.status).toBe(200);
    const metadata = () => ({ ...h.fake.customers.get(customerId)!.metadata });
    expect(await waitFor(metadata, (m) => m.credits === "100")).toMatchObject({ credits: "100", lifetime_spend_cents: "2500" });
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 1000));
    expect(await waitFor(metadata, (m) => m.credits === "60")).toMatchObject({ credits: "60", lifetime_spend_cents: "1500" });
  });
});

describe("rate limit", () => {
  test("checkout beyond the per-minute limit → 429 with Retry-After", async () => {
    const limited = startBillingHarness({ RATE_LIMIT_CHECKOUT_PER_MINUTE: "2" });
    try {
      const { cookie } = await limited.signIn("hasty@example.com");
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i++) {
        last = await limited.t.request("/checkout", {
          method: "POST",
          headers: { origin: "http://localhost", cookie, "content-type": "application/json" },
          body: JSON.stringify({ product: "credits_100" }),
        });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
