// A correctly signed payment is credited only when it paid the product's price in our currency: anything else is
// recorded as a mismatch (payment row, logged) and gives no credits, no spend and no library access, ever.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { captureLogs, type CapturedLogs } from "../helpers/logs";
import { installNetworkGuard, expectNoExternalRequests, type NetworkGuard } from "../helpers/network-guard";
import { startBillingHarness, type BillingHarness } from "./harness";

let h: BillingHarness;
let guard: NetworkGuard;
let users = 0;
let warnings: CapturedLogs;

beforeAll(() => {
  guard = installNetworkGuard();
  h = startBillingHarness();
  warnings = captureLogs(/recorded as a mismatch and not credited/);
});
afterAll(async () => {
  warnings.restore();
  await h.stop();
  expectNoExternalRequests();
  guard.uninstall();
});

async function buyer(product = "credits_100") {
  const { cookie, userId } = await h.signIn(`payer${++users}@example.com`);
  return { cookie, userId, sessionId: await h.checkout(cookie, product) };
}

function payment(sessionId: string) {
  return h.t.sqlite.query("SELECT status, amount_cents, product FROM payments WHERE id = ?").get(sessionId);
}

function ledger(userId: number) {
  return h.t.sqlite.query("SELECT delta, reason FROM credit_ledger WHERE user_id = ? ORDER BY id").all(userId);
}

async function deliverCompleted(session: Record<string, unknown>) {
  const { event, response } = await h.emitAndDeliver("checkout.session.completed", session);
  expect(response.status).toBe(200);
  return { event, outcome: ((await response.json()) as { outcome: string }).outcome };
}

function warned(text: string): boolean {
  return warnings.lines.some((line) => line.includes(text));
}

describe("checkout.session.completed amounts", () => {
  test("amount_total −100000 for 100 credits → recorded as a mismatch, nothing credited", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const { event, outcome } = await deliverCompleted({ ...h.fake.completeSession(sessionId), amount_total: -100000 });
    expect(outcome).toBe("mismatch");
    expect(payment(sessionId)).toEqual({ status: "mismatch", amount_cents: 2500, product: "credits_100" });
    expect(ledger(userId)).toEqual([]);
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0, unlocked: false, library_access: false });
    expect(h.t.sqlite.query("SELECT count(*) AS n FROM stripe_events WHERE id = ?").get(event.id as string)).toEqual({ n: 1 });
    expect(warned(`session ${sessionId} was paid -100000 usd but its price is 2500 usd`)).toBe(true);
    const account = await (await h.t.request("/account", { headers: { cookie } })).text();
    expect(account).toContain("amount differs from the price");
  });

  test("the library for 1 cent → mismatch, no library access", async () => {
    const { cookie, userId, sessionId } = await buyer("library");
    expect((await deliverCompleted({ ...h.fake.completeSession(sessionId), amount_total: 1 })).outcome).toBe("mismatch");
    expect(payment(sessionId)).toEqual({ status: "mismatch", amount_cents: 5000, product: "library" });
    expect(ledger(userId)).toEqual([]);
    expect(await h.me(cookie)).toMatchObject({ lifetime_spend_cents: 0, library_access: false });
    expect((await h.t.request("/library.zip", { headers: { cookie } })).status).not.toBe(200);
  });

  test("the right number in another currency → mismatch", async () => {
    const { cookie, sessionId } = await buyer();
    expect((await deliverCompleted({ ...h.fake.completeSession(sessionId), currency: "jpy" })).outcome).toBe("mismatch");
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });

  test("more than the price is a mismatch too (held, not silently kept)", async () => {
    const { cookie, sessionId } = await buyer();
    expect((await deliverCompleted({ ...h.fake.completeSession(sessionId), amount_total: 2600 })).outcome).toBe("mismatch");
    expect((await h.me(cookie)).credits).toBe(0);
  });

  test("a mismatch stays one: a later correct-looking event, a refund or a dispute for it credit nothing", async () => {
    const { cookie, userId, sessionId } = await buyer();
    const session = h.fake.completeSession(sessionId);
    await deliverCompleted({ ...session, amount_total: 1 });
    const later = await h.emitAndDeliver("checkout.session.async_payment_succeeded", session);
    expect((await later.response.json()).outcome).toBe("mismatch");
    await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 1));
    await h.emitAndDeliver("charge.dispute.created", h.fake.dispute(sessionId));
    expect((payment(sessionId) as { status: string }).status).toBe("mismatch");
    expect(ledger(userId)).toEqual([]);
    expect(await h.me(cookie)).toMatchObject({ credits: 0, lifetime_spend_cents: 0 });
  });

  test("a session we have no row for (rebuilt from its metadata) is checked against the configured price, not its own amount", async () => {
    const { cookie, userId, sessionId } = await buyer("credits_500");
    h.t.sqlite.query("DELETE FROM payments WHERE id = ?").run(sessionId);
    expect((await deliverCompleted({ ...h.fake.completeSession(sessionId), amount_total: 1 })).outcome).toBe("mismatch");
    expect(payment(sessionId)).toEqual({ status: "mismatch", amount_cents: 10000, product: "credits_500" });
    expect(ledger(userId)).toEqual([]);
    expect((await h.me(cookie)).credits).toBe(0);
  });

  test("a refund that makes us fetch a wrongly paid session from Stripe credits nothing", async () => {
    const { cookie, userId, sessionId } = await buyer();
    h.fake.completeSession(sessionId);
    h.fake.sessions.get(sessionId)!.amount_total = 1;
    const { response } = await h.emitAndDeliver("charge.refunded", h.fake.refund(sessionId, 0));
    expect(response.status).toBe(200);
    expect((payment(sessionId) as { status: string }).status).toBe("mismatch");
    expect(ledger(userId)).toEqual([]);
    expect((await h.me(cookie)).credits).toBe(0);
  });

  test("the exact price in usd is credited (the check lets the real thing through)", async () => {
    const { cookie, userId, sessionId } = await buyer("credits_500");
    expect((await deliverCompleted(h.fake.completeSession(sessionId))).outcome).toBe("applied");
    expect(ledger(userId)).toEqual([{ delta: 500, reason: "purchase" }]);
    expect(await h.me(cookie)).toMatchObject({ credits: 500, lifetime_spend_cents: 10000, unlocked: true });
  });
});
