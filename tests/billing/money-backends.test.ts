// Money on both databases: the ledger's debits, refunds and races, and Stripe events applied exactly once whatever
// their repetition or order, through the real functions on bun:sqlite and on a real PostgreSQL.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { loadConfig, type Config } from "../../src/config";
import { transaction, type Data } from "../../src/db/data";
import { startCheckout } from "../../src/features/billing/checkout";
import { accountSummary, creditBalance, debitStep, InsufficientCreditsError, refundStep } from "../../src/features/billing/ledger";
import { createStripeClient } from "../../src/features/billing/stripe-client";
import { processStripeEvent, type BillingDeps } from "../../src/features/billing/stripe-events";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { forEachBackend } from "../helpers/backends";

let fake: FakeStripe;
let config: Config;
let stripe: Stripe;

beforeAll(async () => {
  fake = startFakeStripe();
  config = loadConfig({ NODE_ENV: "test", STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_API_URL: fake.url });
  stripe = (await createStripeClient(config))!;
});
afterAll(() => fake.stop());

let people = 0;

async function newUser(data: Data, credits = 0): Promise<number> {
  const { users, creditLedger } = data.tables;
  const n = ++people;
  const [user] = await data.db.insert(users).values({ googleSub: `money-${n}`, email: `money-${n}@example.com` }).returning({ id: users.id });
  if (credits) await data.db.insert(creditLedger).values({ userId: user!.id, delta: credits, reason: "test_grant" });
  return user!.id;
}

function debit(data: Data, userId: number, cost: number, renderId?: string) {
  return transaction(data, (tx) => debitStep(tx, data.tables, { userId, cost, reason: "apply_style", renderId }));
}

function ledgerRows(data: Data, userId: number) {
  const { creditLedger } = data.tables;
  return data.db.select({ delta: creditLedger.delta, reason: creditLedger.reason }).from(creditLedger).where(eq(creditLedger.userId, userId)).orderBy(creditLedger.id);
}

forEachBackend("the credit ledger", (backend) => {
  test("a debit takes the cost and answers what is left", async () => {
    const userId = await newUser(backend.data, 10);
    expect(await debit(backend.data, userId, 4)).toBe(6);
    expect(await creditBalance(backend.data, userId)).toBe(6);
  });

  test("a debit beyond the balance is refused with 402 and writes nothing", async () => {
    const userId = await newUser(backend.data, 5);
    const refused = await debit(backend.data, userId, 8).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InsufficientCreditsError);
    expect(refused).toMatchObject({ status: 402, details: { balance: 5, cost: 8 } });
    expect(await ledgerRows(backend.data, userId)).toEqual([{ delta: 5, reason: "test_grant" }]);
    expect((await accountSummary(backend.data, config, userId)).credits).toBe(5);
  });

  test("a failed render is refunded exactly once, however often or concurrently its refund runs", async () => {
    const userId = await newUser(backend.data, 3);
    await debit(backend.data, userId, 3, "render-refund-once");
    const failed = { id: "render-refund-once", userId, costCredits: 3, matrixRunId: null, error: "provider down" };
    await transaction(backend.data, (tx) => refundStep(tx, backend.data.tables, failed));
    await Promise.all(Array.from({ length: 4 }, () => transaction(backend.data, (tx) => refundStep(tx, backend.data.tables, failed))));
    expect(await ledgerRows(backend.data, userId)).toEqual([
      { delta: 3, reason: "test_grant" },
      { delta: -3, reason: "apply_style" },
      { delta: 3, reason: "render_refund" },
    ]);
    expect(await creditBalance(backend.data, userId)).toBe(3);
  });

  test("20 concurrent debits with credits for 5 never overspend: exactly 5 succeed, the rest are refused", async () => {
    const userId = await newUser(backend.data, 15);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        debit(backend.data, userId, 3, `race-${i}`).then(
          () => "ok",
          (error: unknown) => (error instanceof InsufficientCreditsError ? "refused" : `error: ${String(error)}`),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "ok")).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === "refused")).toHaveLength(15);
    expect(await creditBalance(backend.data, userId)).toBe(0);
  });
});

forEachBackend("Stripe events applied once", (backend) => {
  const deps = (): BillingDeps => ({ data: backend.data, config, stripe });

  /** A buyer with a Checkout Session opened through the real checkout (customer and session at the fake Stripe). */
  async function buyer(product = "credits_100") {
    const userId = await newUser(backend.data);
    const url = await startCheckout({ data: backend.data, config, stripe }, { id: userId, email: `buyer-${userId}@example.com` }, product);
    const sessionId = [...fake.sessions.values()].find((session) => session.url === url)!.id;
    return { userId, sessionId };
  }

  const apply = (event: unknown) => processStripeEvent(deps(), event as Stripe.Event);

  test("the same completed event delivered twice, then four times at once, credits once", async () => {
    const { userId, sessionId } = await buyer();
    const event = fake.emit("checkout.session.completed", fake.completeSession(sessionId));
    expect((await apply(event)).outcome).toBe("applied");
    expect((await apply(event)).outcome).toBe("duplicate");
    const again = await Promise.all(Array.from({ length: 4 }, () => apply(event)));
    expect(again.map((result) => result.outcome)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await ledgerRows(backend.data, userId)).toEqual([{ delta: 100, reason: "purchase" }]);
    expect(await accountSummary(backend.data, config, userId)).toEqual({ credits: 100, lifetime_spend_cents: 2500, unlocked: false, library_access: false });
  });

  test("a new completed event racing itself four times is applied by exactly one", async () => {
    const { userId, sessionId } = await buyer();
    const event = fake.emit("checkout.session.completed", fake.completeSession(sessionId));
    const outcomes = (await Promise.all(Array.from({ length: 4 }, () => apply(event)))).map((result) => result.outcome).sort();
    expect(outcomes).toEqual(["applied", "duplicate", "duplicate", "duplicate"]);
    expect(await creditBalance(backend.data, userId)).toBe(100);
  });

  test("a refund before its session's event, then the session event: credits bought once, the refund taken once", async () => {
    const { userId, sessionId } = await buyer();
    const completed = fake.emit("checkout.session.completed", fake.completeSession(sessionId));
    const refunded = fake.emit("charge.refunded", fake.refund(sessionId, 1000));
    expect((await apply(refunded)).outcome).toBe("applied");
    expect((await apply(completed)).outcome).toBe("applied");
    expect((await apply(refunded)).outcome).toBe("duplicate");
    expect(await ledgerRows(backend.data, userId)).toEqual([
      { delta: 100, reason: "purchase" },
      { delta: -40, reason: "refund" },
    ]);
    expect(await accountSummary(backend.data, config, userId)).toMatchObject({ credits: 60, lifetime_spend_cents: 1500 });
  });

  test("a growing refund and a dispute in any order leave the same balance", async () => {
    const orders = [
      ["completed", "refund-small", "refund-large", "dispute"],
      ["dispute", "refund-large", "completed", "refund-small"],
    ];
    const balances: number[] = [];
    for (const order of orders) {
      const { userId, sessionId } = await buyer("credits_500");
      const session = fake.completeSession(sessionId);
      const events: Record<string, unknown> = {
        completed: fake.emit("checkout.session.completed", session),
        "refund-small": fake.emit("charge.refunded", fake.refund(sessionId, 2000)),
        "refund-large": fake.emit("charge.refunded", fake.refund(sessionId, 5000)),
        dispute: fake.emit("charge.dispute.created", fake.dispute(sessionId)),
      };
      for (const name of order) await apply(events[name]);
      for (const name of order) expect((await apply(events[name])).outcome).toBe("duplicate");
      balances.push(await creditBalance(backend.data, userId));
      expect(await accountSummary(backend.data, config, userId)).toMatchObject({ lifetime_spend_cents: 0 });
    }
    // 500 bought, 250 taken back by the half refund, the rest by the dispute.
    expect(balances).toEqual([0, 0]);
  });
});
