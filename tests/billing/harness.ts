// Billing test harness: the app on a temp DB wired to a fake Stripe, dev sign-in, signed webhook deliveries.
import Stripe from "stripe";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

export const WEBHOOK_SECRET = "whsec_test_billing_secret";

export interface BillingHarness {
  t: TestApp;
  fake: FakeStripe;
  signIn(email: string): Promise<{ cookie: string; userId: number }>;
  /** POST /checkout as JSON; returns the Checkout Session id recorded for it. */
  checkout(cookie: string, product: string): Promise<string>;
  deliver(event: object, options?: DeliveryOptions): Promise<Response>;
  /** Emits a Stripe event in the fake (so reconcile sees it too) and delivers it to the webhook. */
  emitAndDeliver(type: string, object: Record<string, unknown>): Promise<{ event: Record<string, unknown>; response: Response }>;
  me(cookie: string): Promise<{ user_id: number; credits: number; lifetime_spend_cents: number; unlocked: boolean; library_access: boolean }>;
  ledgerSum(userId: number): number;
  stop(): Promise<void>;
}

export interface DeliveryOptions {
  secret?: string;
  timestamp?: number;
  /** Bytes to send instead of the signed ones (a tampered or re-serialised body). */
  sendBody?: string;
  signature?: string | null;
}

export async function signedDelivery(t: Pick<TestApp, "request">, event: object, secret: string, options: DeliveryOptions = {}): Promise<Response> {
  const payload = JSON.stringify(event, null, 2);
  const signature =
    options.signature !== undefined
      ? options.signature
      : await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret: options.secret ?? secret, timestamp: options.timestamp });
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (signature !== null) headers["stripe-signature"] = signature;
  return t.request("/webhook/stripe", { method: "POST", headers, body: options.sendBody ?? payload });
}

export function startBillingHarness(env: Record<string, string> = {}): BillingHarness {
  const fake = startFakeStripe();
  const t = createTestApp({
    STRIPE_SECRET_KEY: "sk_test_fake",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: fake.url,
    RATE_LIMIT_CHECKOUT_PER_MINUTE: "100000",
    RATE_LIMIT_AUTH_PER_MINUTE: "100000",
    ...env,
  });
  const harness: BillingHarness = {
    t,
    fake,
    signIn: (email) => signIn(t, email),
    async checkout(cookie, product) {
      const response = await t.request("/checkout", {
        method: "POST",
        headers: { origin: t.config.publicOrigin ?? "http://localhost", cookie, "content-type": "application/json" },
        body: JSON.stringify({ product }),
      });
      if (response.status !== 200) throw new Error(`checkout failed: ${response.status} ${await response.text()}`);
      const { checkout_url } = (await response.json()) as { checkout_url: string };
      return checkout_url.split("/").pop()!;
    },
    deliver: (event, options) => signedDelivery(t, event, WEBHOOK_SECRET, options),
    async emitAndDeliver(type, object) {
      const event = fake.emit(type, object);
      return { event, response: await harness.deliver(event) };
    },
    async me(cookie) {
      return (await t.request("/me", { headers: { cookie } })).json() as ReturnType<BillingHarness["me"]>;
    },
    ledgerSum(userId) {
      return (t.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId) as { n: number }).n;
    },
    async stop() {
      // Balance mirrors run after webhook answers: let them settle before the database closes under them.
      for (let seen = -1, waited = 0; seen !== fake.calls.length && waited < 2000; waited += 40) {
        seen = fake.calls.length;
        await Bun.sleep(40);
      }
      t.cleanup();
      await fake.stop();
    },
  };
  return harness;
}

export function count(t: TestApp, table: string): number {
  return (t.sqlite.query(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}
