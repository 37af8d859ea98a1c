// The webhook trusts nothing but a valid signature over the exact raw bytes: anything else is 400 and writes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { installNetworkGuard, expectNoExternalRequests, type NetworkGuard } from "../helpers/network-guard";
import { count, startBillingHarness, WEBHOOK_SECRET, type BillingHarness } from "./harness";

let h: BillingHarness;
let guard: NetworkGuard;
let cookie: string;
let userId: number;

beforeAll(async () => {
  guard = installNetworkGuard();
  h = startBillingHarness();
  ({ cookie, userId } = await h.signIn("signer@example.com"));
});
afterAll(async () => {
  await h.stop();
  expectNoExternalRequests();
  guard.uninstall();
});

async function completedEvent() {
  const sessionId = await h.checkout(cookie, "credits_100");
  return h.fake.emit("checkout.session.completed", h.fake.completeSession(sessionId));
}

function expectNothingWritten() {
  expect(count(h.t, "stripe_events")).toBe(0);
  expect(count(h.t, "credit_ledger")).toBe(0);
  expect(h.t.sqlite.query("SELECT count(*) AS n FROM payments WHERE status <> 'pending'").get()).toEqual({ n: 0 });
}

describe("POST /webhook/stripe signature", () => {
  beforeEach(() => {
    h.t.sqlite.exec("DELETE FROM credit_ledger; DELETE FROM stripe_events; UPDATE payments SET status = 'pending', payment_intent_id = NULL");
  });

  test("a correctly signed event → 200 and exactly one grant", async () => {
    const event = await completedEvent();
    const response = await h.deliver(event);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ received: true, outcome: "applied" });
    expect(h.ledgerSum(userId)).toBe(100);
    expect(h.t.sqlite.query("SELECT delta, reason, stripe_event_id FROM credit_ledger").all()).toEqual([
      { delta: 100, reason: "purchase", stripe_event_id: event.id as string },
    ]);
    expect(h.t.sqlite.query("SELECT id, type FROM stripe_events").all()).toEqual([{ id: event.id as string, type: "checkout.session.completed" }]);
    expect((await h.me(cookie)).credits).toBe(100);
  });

  test("the same JSON re-serialised (same content, other bytes) → 400", async () => {
    const event = await completedEvent();
    const response = await h.deliver(event, { sendBody: JSON.stringify(event) });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("Invalid Stripe signature");
    expectNothingWritten();
  });

  test("a tampered body → 400", async () => {
    const event = await completedEvent();
    const tampered = JSON.stringify(event, null, 2).replace('"amount_total": 2500', '"amount_total": 1');
    expect(tampered).not.toBe(JSON.stringify(event, null, 2));
    const response = await h.deliver(event, { sendBody: tampered });
    expect(response.status).toBe(400);
    expectNothingWritten();
  });

  test("signed with another secret → 400", async () => {
    const response = await h.deliver(await completedEvent(), { secret: "whsec_someone_else" });
    expect(response.status).toBe(400);
    expectNothingWritten();
  });

  test("no Stripe-Signature header → 400", async () => {
    const response = await h.deliver(await completedEvent(), { signature: null });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("Missing Stripe-Signature header");
    expectNothingWritten();
  });

  test("a garbage signature header → 400", async () => {
    const response = await h.deliver(await completedEvent(), { signature: "t=1,v1=deadbeef" });
    expect(response.status).toBe(400);
    expectNothingWritten();
  });

  test("a stale timestamp (10 minutes old, correctly signed) → 400", async () => {
    const response = await h.deliver(await completedEvent(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(response.status).toBe(400);
    expectNothingWritten();
  });

  test("a timestamp 10 minutes in the future (correctly signed) → 400, like a stale one", async () => {
    const response = await h.deliver(await completedEvent(), { timestamp: Math.floor(Date.now() / 1000) + 600 });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("Invalid Stripe signature");
    expectNothingWritten();
  });

  test("a timestamp a minute ahead (clock skew within Stripe's 5-minute tolerance) → 200", async () => {
    const response = await h.deliver(await completedEvent(), { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(response.status).toBe(200);
    expect(h.ledgerSum(userId)).toBe(100);
  });

  test("needs no Origin header (Stripe sends none) and sets no cookie", async () => {
    const response = await h.deliver(await completedEvent());
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(WEBHOOK_SECRET).toStartWith("whsec_");
  });
});
