// Each Stripe event applies at most once, and duplicates, parallel deliveries, other orders and faults all
// end in the same ledger and payments: grants per session, cumulative refunds, disputes, library access.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { installNetworkGuard, expectNoExternalRequests, type NetworkGuard } from "../helpers/network-guard";
import { captureLogs } from "../helpers/logs";
import { startBillingHarness, type BillingHarness } from "./harness";

let h: BillingHarness;
let guard: NetworkGuard;
let users = 0;

beforeAll(() => {
  guard = installNetworkGuard();
  h = startBillingHarness();
});
afterAll(async () => {
  await h.stop();
  expectNoExternalRequests();
  guard.uninstall();
});

async function buyer(product = "credits_100") {
  const { cookie, userId } = await h.signIn(`buyer${++users}@example.com`);
  const sessionId = await h.checkout(cookie, product);
  return { cookie, userId, sessionId };
}

function payment(sessionId: string) {
  return h.t.sqlite.query("SELECT status, refunded_cents, amount_cents, credits FROM payments WHERE id = ?").get(sessionId) as {
    status: string;
    refunded_cents: number;
    amount_cents: number;
    credits: number;
  };
}

function ledger(userId: number) {
  return h.t.sqlite.query("SELECT delta, reason FROM credit_ledger WHERE user_id = ? ORDER BY id").all(userId);
}

async function expectOk(response: Response, outcome?: string) {
  expect(response.status).toBe(200);
  if (outcome) expect((await response.json()).outcome).toBe(outcome);
}

describe("at most once", () => {
  test("the same event delivered 5× in parallel → one grant", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const event = h.fake.emit("checkout.session.completed", h.fake.completeSession(sessionId));
    const responses = await Promise.all(Array.from({ length: 5 }, () => h.deliver(event)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = await Promise.all(responses.map(async (r) => (await r.json()).outcome));
    expect(outcomes.filter((o) => o === "applied")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "duplicate")).toHaveLength(4);
    expect(ledger(userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect(await h.me(cookie)).toMatchObject({ credits: 100, lifetime_spend_cents: 2500 });
  });

  test("two event ids for one session (completed, then async_payment_succeeded) → one grant", async () => {
    const { cookie, userId, sessionId } = await buyer("credits_500");
    const session = h.fake.completeSession(sessionId);
    await expectOk((await h.emitAndDeliver("checkout.session.completed", session)).response, "applied");
    await expectOk((await h.emitAndDeliver("checkout.session.async_payment_succeeded", session)).response, "applied");
    expect(ledger(userId)).toEqual([{ delta: 500, reason: "purchase" }]);
    expect(await h.me(cookie)).toMatchObject({ credits: 500, lifetime_spend_cents: 10000, unlocked: true, library_access: true });
  });

  test("an unpaid completion grants nothing; the async success then grants once", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await expectOk((await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId, "unpaid"))).response);
    expect(ledger(userId)).toEqual([]);
    expect(payment(sessionId).status).toBe("pending");
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
    const settled = h.fake.settleAsyncPayment(sessionId, true);
    await expectOk((await h.emitAndDeliver("checkout.session.async_payment_succeeded", settled)).response);
    await expectOk((await h.emitAndDeliver("checkout.session.async_payment_succeeded", settled)).response);
    expect(ledger(userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect(payment(sessionId).status).toBe("paid");
  });

  test("an unpaid completion then an async failure → no credits, payment failed", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await expectOk((await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId, "unpaid"))).response);
    await expectOk((await h.emitAndDeliver("checkout.session.async_payment_failed", h.fake.settleAsyncPayment(sessionId, false))).response);
    expect(ledger(userId)).toEqual([]);
    expect(payment(sessionId).status).toBe("failed");
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });
});

describe("refunds", () => {
  test("a refund that arrives before the completion still ends right", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const session = h.fake.completeSession(sessionId);
    await expectOk((await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 1000))).response, "applied");
    await expectOk((await h.emitAndDeliver("checkout.session.completed", session)).response);
    // 100 credits for $25; $10 refunded keeps floor(100 × 15/25) = 60.
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -40, reason: "refund" },
    ]);
    expect(payment(sessionId)).toMatchObject({ status: "paid", refunded_cents: 1000 });
    expect(await h.me(cookie)).toMatchObject({ credits: 60, lifetime_spend_cents: 1500 });
  });

  test("two partial refunds take back only the new amount each time, in either order", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    const first = h.fake.emit("charge.refunded", h.fake.refund(sessionId, 500));
    const second = h.fake.emit("charge.refunded", h.fake.refund(sessionId, 1500));
    await expectOk(await h.deliver(first));
    expect(await h.me(cookie)).toMatchObject({ credits: 80, lifetime_spend_cents: 2000 });
    await expectOk(await h.deliver(second));
    expect(await h.me(cookie)).toMatchObject({ credits: 40, lifetime_spend_cents: 1000 });
    await expectOk(await h.deliver(first), "duplicate");
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -20, reason: "refund" },
      { delta: -40, reason: "refund" },
    ]);

    const other = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(other.sessionId));
    // Stripe's later event (cumulative 1500) arrives before the earlier one (500): the earlier changes nothing.
    await h.emitAndDeliver("charge.refunded", h.fake.refund(other.sessionId, 1500));
    await h.emitAndDeliver("charge.refunded", h.fake.refund(other.sessionId, 500));
    expect(await h.me(other.cookie)).toMatchObject({ credits: 40, lifetime_spend_cents: 1000 });
  });

  test("a full refund takes every credit back and marks the payment refunded", async () => {
    const { cookie, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 2500));
    expect(payment(sessionId)).toMatchObject({ status: "refunded", refunded_cents: 2500 });
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });

  test("a refunded library purchase revokes library access", async () => {
    const { cookie, userId, sessionId } = await buyer("library");
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 5000, library_access: true, unlocked: false });
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 5000));
    expect(await h.me(cookie)).toMatchObject({ lifetime_spend_cents: 0, library_access: false });
    expect(ledger(userId)).toEqual([]);
  });

  test("credits already spent are still taken back: the balance goes negative", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    h.t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, -90, 'render')").run(userId);
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 2500));
    expect((await h.me(cookie)).credits).toBe(-90);
  });
});

describe("disputes", () => {
  test("a dispute delivered twice and under a second event id takes back the payment's remaining credits once", async () => {
    const { cookie, userId, sessionId } = await buyer();
    await h.emitAndDeliver("checkout.session.completed", h.fake.completeSession(sessionId));
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 500));
    const { event } = await h.emitAndDeliver("charge.dispute.created", h.fake.dispute(sessionId));
    await expectOk(await h.deliver(event), "duplicate");
    await expectOk((await h.emitAndDeliver("charge.dispute.created", h.fake.dispute(sessionId))).response, "applied");
    expect(ledger(userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -20, reason: "refund" },
      { delta: -80, reason: "dispute" },
    ]);
    expect(payment(sessionId).status).toBe("disputed");
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });

  test("a dispute before the completion ends the same way", async () => {
    const { cookie, sessionId } = await buyer("library");
    const session = h.fake.completeSession(sessionId);
    await h.emitAndDeliver("charge.dispute.created", h.fake.dispute(sessionId));
    await h.emitAndDeliver("checkout.session.completed", session);
    expect(payment(sessionId).status).toBe("disputed");
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0, library_access: false });
  });
});

describe("faults", () => {
  test("a database fault mid-event answers 500 with nothing written; the redelivery grants once", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const event = h.fake.emit("checkout.session.completed", h.fake.completeSession(sessionId));
    // The event id is recorded and the payment updated before the ledger insert fails.
    h.t.sqlite.exec("CREATE TRIGGER inject_fault BEFORE INSERT ON credit_ledger BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
    using logs = captureLogs(/injected fault/);
    const failed = await h.deliver(event);
    expect(failed.status).toBe(500);
    expect(logs.lines).toEqual([expect.stringMatching(new RegExp(`Stripe event ${event.id} \\(checkout.session.completed\\) failed.*injected fault`))]);
    expect(failed.headers.get("content-type")).toContain("application/json");
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM stripe_events WHERE id = ?").get(event.id as string)).toEqual({ n: 0 });
    expect(payment(sessionId).status).toBe("pending");
    expect(ledger(userId)).toEqual([]);
    h.t.sqlite.exec("DROP TRIGGER inject_fault");
    await expectOk(await h.deliver(event), "applied");
    await expectOk(await h.deliver(event), "duplicate");
    expect(ledger(userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect((await h.me(cookie)).credits).toBe(100);
  });

  test("Stripe unreachable while looking up an unknown refund → 500, and the redelivery applies it", async () => {
    const { cookie, sessionId } = await buyer();
    h.fake.completeSession(sessionId);
    const refund = h.fake.emit("charge.refunded", h.fake.refund(sessionId, 2500));
    h.fake.failNext("/v1/checkout/sessions", 3, 503);
    using logs = captureLogs(/Injected failure/);
    expect((await h.deliver(refund)).status).toBe(500);
    expect(logs.lines).toEqual([expect.stringMatching(new RegExp(`Stripe event ${refund.id} \\(charge.refunded\\) failed.*Injected failure`))]);
    expect(payment(sessionId).status).toBe("pending");
    await expectOk(await h.deliver(refund), "applied");
    expect(payment(sessionId)).toMatchObject({ status: "refunded", refunded_cents: 2500 });
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });
});

describe("events that are not ours", () => {
  test("an unknown type or a session without our metadata is recorded and ignored", async () => {
    const unknown = h.fake.emit("customer.created", { id: "cus_x", object: "customer" });
    await expectOk(await h.deliver(unknown), "ignored");
    const foreign = h.fake.emit("checkout.session.completed", {
      id: "cs_not_ours",
      object: "checkout.session",
      mode: "payment",
      payment_status: "paid",
      amount_total: 100,
      metadata: {},
      payment_intent: "pi_not_ours",
    });
    await expectOk(await h.deliver(foreign), "ignored");
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM payments WHERE id = 'cs_not_ours'").get()).toEqual({ n: 0 });
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM stripe_events WHERE id IN (?, ?)").get(unknown.id as string, foreign.id as string)).toEqual({ n: 2 });
  });
});
