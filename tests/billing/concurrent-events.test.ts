// The same Stripe event processed several times at once, for every event type handled: the processor is called
// concurrently, so every call passes the early "already recorded?" check before any of them records the event.
// Exactly one call applies it, the others answer duplicate, and its effects are written once.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type Stripe from "stripe";
import { createStripeClient } from "../../src/features/billing/stripe-client";
import { processStripeEvent, type BillingDeps } from "../../src/features/billing/stripe-events";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { startBillingHarness, type BillingHarness } from "./harness";
import { sqliteData } from "../../src/db/data";

const PARALLEL = 4;

let h: BillingHarness;
let guard: NetworkGuard;
let deps: BillingDeps;
let users = 0;

beforeAll(async () => {
  guard = installNetworkGuard();
  h = startBillingHarness();
  deps = { data: sqliteData(h.t.sqlite), config: h.t.config, stripe: await createStripeClient(h.t.config) };
});
afterAll(async () => {
  await h.stop();
  expectNoExternalRequests();
  guard.uninstall();
});

async function buyer(product = "credits_100") {
  const { cookie, userId } = await h.signIn(`racer${++users}@example.com`);
  return { cookie, userId, sessionId: await h.checkout(cookie, product) };
}

/** Runs the event through the processor PARALLEL times at once; returns the outcomes, sorted. */
async function race(event: Record<string, unknown>): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: PARALLEL }, () => processStripeEvent(deps, event as unknown as Stripe.Event)));
  return results.map((result) => result.outcome).sort();
}

const once = (outcome: string) => [outcome, ...Array(PARALLEL - 1).fill("duplicate")].sort();

function ledger(userId: number) {
  return h.t.sqlite.query("SELECT delta, reason FROM credit_ledger WHERE user_id = ? ORDER BY id").all(userId);
}

function payment(sessionId: string) {
  return h.t.sqlite.query("SELECT status, refunded_cents FROM payments WHERE id = ?").get(sessionId);
}

function recorded(event: Record<string, unknown>) {
  return (h.t.sqlite.query("SELECT count(*) AS n FROM stripe_events WHERE id = ?").get(event.id as string) as { n: number }).n;
}

describe("one event processed concurrently is applied once", () => {
  test("checkout.session.completed", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const event = h.fake.emit("checkout.session.completed", h.fake.completeSession(sessionId));
    expect(await race(event)).toEqual(once("applied"));
    expect(recorded(event)).toBe(1);
    expect(ledger(userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect(await h.me(cookie)).toMatchObject({ credits: 100, lifetime_spend_cents: 2500 });
  });

  test("checkout.session.async_payment_succeeded", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId, "unpaid"));
    const event = h.fake.emit("checkout.session.async_payment_succeeded", h.fake.settleAsyncPayment(sessionId, true));
    expect(await race(event)).toEqual(once("applied"));
    expect(ledger(userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect(payment(sessionId)).toEqual({ status: "paid", refunded_cents: 0 });
    expect((await h.me(cookie)).credits).toBe(100);
  });

  test("checkout.session.async_payment_failed", async () => {
    const { userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId, "unpaid"));
    const event = h.fake.emit("checkout.session.async_payment_failed", h.fake.settleAsyncPayment(sessionId, false));
    expect(await race(event)).toEqual(once("applied"));
    expect(ledger(userId)).toEqual([]);
    expect(payment(sessionId)).toEqual({ status: "failed", refunded_cents: 0 });
  });

  test("charge.refunded for a known payment", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    const event = h.fake.emit("charge.refunded", h.fake.refund(sessionId, 1000));
    expect(await race(event)).toEqual(once("applied"));
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -40, reason: "refund" },
    ]);
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM credit_ledger WHERE stripe_event_id = ?").get(event.id as string)).toEqual({ n: 1 });
    expect(await h.me(cookie)).toMatchObject({ credits: 60, lifetime_spend_cents: 1500 });
  });

  test("charge.refunded before its session is known: every call looks the session up at Stripe first", async () => {
    const { cookie, userId, sessionId } = await buyer();
    h.fake.completeSession(sessionId);
    const lookupsBefore = h.fake.calls.filter((call) => call.method === "GET" && call.path === "/v1/checkout/sessions").length;
    const event = h.fake.emit("charge.refunded", h.fake.refund(sessionId, 1000));
    expect(await race(event)).toEqual(once("applied"));
    // The race was real: each call yielded on its own network lookup before any of them recorded the event.
    expect(h.fake.calls.filter((call) => call.method === "GET" && call.path === "/v1/checkout/sessions").length - lookupsBefore).toBe(PARALLEL);
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -40, reason: "refund" },
    ]);
    expect(payment(sessionId)).toEqual({ status: "paid", refunded_cents: 1000 });
    expect(await h.me(cookie)).toMatchObject({ credits: 60, lifetime_spend_cents: 1500 });
  });

  test("charge.dispute.created for a known payment", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    const event = h.fake.emit("charge.dispute.created", h.fake.dispute(sessionId));
    expect(await race(event)).toEqual(once("applied"));
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -100, reason: "dispute" },
    ]);
    expect(payment(sessionId)).toEqual({ status: "disputed", refunded_cents: 0 });
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });

  test("charge.dispute.created before its session is known", async () => {
    const { cookie, userId, sessionId } = await buyer("library");
    h.fake.completeSession(sessionId);
    const event = h.fake.emit("charge.dispute.created", h.fake.dispute(sessionId));
    expect(await race(event)).toEqual(once("applied"));
    expect(ledger(userId)).toEqual([]);
    expect(payment(sessionId)).toEqual({ status: "disputed", refunded_cents: 0 });
    expect(await h.me(cookie)).toMatchObject({ lifetime_spend_cents: 0, library_access: false });
  });

  test("an event type we do not handle is recorded once and ignored once", async () => {
    const event = h.fake.emit("customer.created", { id: "cus_racing", object: "customer" });
    expect(await race(event)).toEqual(once("ignored"));
    expect(recorded(event)).toBe(1);
  });
});
