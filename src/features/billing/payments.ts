// Payment facts from Stripe merged into `payments`, and each payment's credits settled in the ledger.
//
// Facts only grow: "paid" is sticky, refunds are Stripe's cumulative amount (we keep the largest seen), a
// dispute stays. The ledger rows of a payment are then brought to what its facts imply, per reason:
//   purchase  +credits                                   once the payment is paid (or disputed)
//   refund    -(credits - kept)                          kept = floor(credits × (amount − refunded) / amount)
//   dispute   -kept                                      once disputed: every credit the payment still gave
// so the same facts give the same ledger whatever the order or repetition of the events carrying them.
// Take-backs apply even when the credits were already spent: the balance may go below zero.
// A session paid with another amount or currency than the price its payment was opened at is recorded as
// "mismatch" and gives nothing, whatever later events say about it.
import { eq, sql } from "drizzle-orm";
import type { Config, ProductKey } from "../../config";
import { run, type Data, type Tables, type Tx } from "../../db/data";
import type { RawRow } from "../../db/raw-row";
import type { payments } from "../../db/schema";

export type PaymentStatus = (typeof payments.$inferSelect)["status"];

/** Every price is in this currency (Checkout is opened in it; a session paid in another is a mismatch). */
export const CURRENCY = "usd";
export type SettlementReason = "purchase" | "refund" | "dispute";

export type PaymentRow = RawRow<
  typeof payments,
  "id" | "user_id" | "kind" | "product" | "amount_cents" | "credits" | "refunded_cents" | "payment_intent_id" | "status"
>;

/** What a Checkout Session event (or a fetched session) says about its payment. */
export interface SessionFacts {
  id: string;
  mode: string | null;
  metadata: Record<string, string> | null;
  amountTotal: number | null;
  currency: string | null;
  paymentIntentId: string | null;
  outcome: "paid" | "awaiting" | "failed";
}

/** The columns of a PaymentRow, under the names the row has (the views and events read them so). */
function paymentColumns({ payments }: Tables) {
  return {
    id: payments.id,
    user_id: payments.userId,
    kind: payments.kind,
    product: payments.product,
    amount_cents: payments.amountCents,
    credits: payments.credits,
    refunded_cents: payments.refundedCents,
    payment_intent_id: payments.paymentIntentId,
    status: payments.status,
  };
}

const paymentWhere = (db: Tx, tables: Tables, where: "id" | "intent", value: string) =>
  db
    .select(paymentColumns(tables))
    .from(tables.payments)
    .where(eq(where === "id" ? tables.payments.id : tables.payments.paymentIntentId, value))
    .limit(1);

export async function findPayment(data: Data, id: string): Promise<PaymentRow | null> {
  return (await paymentWhere(data.db, data.tables, "id", id))[0] ?? null;
}

export async function findPaymentByIntent(data: Data, paymentIntentId: string): Promise<PaymentRow | null> {
  return (await paymentWhere(data.db, data.tables, "intent", paymentIntentId))[0] ?? null;
}

function* paymentStep(tx: Tx, tables: Tables, where: "id" | "intent", value: string) {
  return (yield* run(paymentWhere(tx, tables, where, value)))[0] ?? null;
}

type PendingPayment = { id: string; userId: number; product: ProductKey; kind: "credits" | "library"; amountCents: number; credits: number };

const pendingInsert = (db: Tx, { payments }: Tables, payment: PendingPayment) =>
  db
    .insert(payments)
    .values({ ...payment, status: "pending", updatedAt: Date.now() })
    .onConflictDoNothing({ target: payments.id });

/** A checkout started: the payment is pending until Stripe says otherwise. */
export async function recordPendingPayment(data: Data, payment: PendingPayment): Promise<void> {
  await pendingInsert(data.db, data.tables, payment);
}

function isProductKey(config: Config, key: string | undefined): key is ProductKey {
  return key !== undefined && Object.hasOwn(config.billing.products, key);
}

/**
 * The payment row for a session: the one checkout recorded, or (when that row is missing, e.g. a database
 * restored from backup before reconcile) one rebuilt from the session's metadata. Null when the session is
 * not one of ours.
 */
function* paymentForSession(tx: Tx, tables: Tables, config: Config, session: SessionFacts) {
  const existing = yield* paymentStep(tx, tables, "id", session.id);
  if (existing) return existing;
  if (session.mode !== "payment") return null;
  const productKey = session.metadata?.product;
  const userId = Number(session.metadata?.user_id);
  if (!isProductKey(config, productKey) || !Number.isSafeInteger(userId)) return null;
  const { users } = tables;
  const [user] = yield* run(tx.select({ id: users.id }).from(users).where(eq(users.id, userId)));
  if (!user) return null;
  const product = config.billing.products[productKey];
  // The price comes from our configuration, never from the event: the event's amount is what gets checked.
  yield* run(
    pendingInsert(tx, tables, {
      id: session.id,
      userId,
      product: productKey,
      kind: product.kind,
      amountCents: product.amountCents,
      credits: product.credits,
    }),
  );
  return yield* paymentStep(tx, tables, "id", session.id);
}

function* writePayment(tx: Tx, { payments }: Tables, payment: PaymentRow) {
  yield* run(
    tx
      .update(payments)
      .set({
        amountCents: payment.amount_cents,
        refundedCents: payment.refunded_cents,
        paymentIntentId: payment.payment_intent_id,
        status: payment.status,
        updatedAt: Date.now(),
      })
      .where(eq(payments.id, payment.id)),
  );
  return payment;
}

function fullyRefunded(payment: PaymentRow): boolean {
  return payment.amount_cents > 0 && payment.refunded_cents >= payment.amount_cents;
}

/** The session was paid the price its payment was opened at (Stripe's quote at checkout, or the configured price). */
export function chargeMatches(payment: Pick<PaymentRow, "amount_cents">, session: Pick<SessionFacts, "amountTotal" | "currency">): boolean {
  return session.amountTotal === payment.amount_cents && session.currency?.toLowerCase() === CURRENCY;
}

export function* observeSession(tx: Tx, tables: Tables, config: Config, session: SessionFacts) {
  const payment = yield* paymentForSession(tx, tables, config, session);
  if (!payment) return null;
  const next = { ...payment, payment_intent_id: payment.payment_intent_id ?? session.paymentIntentId };
  if (session.outcome === "paid" && (next.status === "pending" || next.status === "failed")) {
    if (!chargeMatches(next, session)) next.status = "mismatch";
    else next.status = fullyRefunded(next) ? "refunded" : "paid";
  } else if (session.outcome === "failed" && next.status === "pending") {
    next.status = "failed";
  }
  return yield* writePayment(tx, tables, next);
}

/** `amountRefunded` is the charge's cumulative refunded amount, so only what is new takes anything back. */
export function* observeRefund(tx: Tx, tables: Tables, paymentIntentId: string, amountRefunded: number) {
  const payment = yield* paymentStep(tx, tables, "intent", paymentIntentId);
  if (!payment) return null;
  const next = { ...payment, refunded_cents: Math.max(payment.refunded_cents, Math.min(amountRefunded, payment.amount_cents)) };
  if (next.status === "paid" && fullyRefunded(next)) next.status = "refunded";
  return yield* writePayment(tx, tables, next);
}

export function* observeDispute(tx: Tx, tables: Tables, paymentIntentId: string) {
  const payment = yield* paymentStep(tx, tables, "intent", paymentIntentId);
  if (!payment) return null;
  if (payment.status === "mismatch") return payment;
  return yield* writePayment(tx, tables, { ...payment, status: "disputed" });
}

/** Credits the payment still gives after refunds (rounded down: a partial refund never leaves a fraction). */
export function creditsKept(payment: Pick<PaymentRow, "credits" | "amount_cents" | "refunded_cents">): number {
  if (payment.amount_cents <= 0) return payment.credits;
  return Math.floor((payment.credits * (payment.amount_cents - payment.refunded_cents)) / payment.amount_cents);
}

/** What the ledger should hold for this payment, per reason (see the file comment). */
export function creditTargets(payment: PaymentRow): Record<SettlementReason, number> {
  const charged = payment.status === "paid" || payment.status === "refunded" || payment.status === "disputed";
  if (!charged) return { purchase: 0, refund: 0, dispute: 0 };
  const kept = creditsKept(payment);
  return { purchase: payment.credits, refund: kept - payment.credits, dispute: payment.status === "disputed" ? -kept : 0 };
}

/**
 * Writes the difference between what the ledger holds for the payment and what its facts imply. The row of
 * the event's own reason carries the event id (unique in the ledger); catch-up rows of other reasons carry none.
 */
export function* settleCredits(tx: Tx, tables: Tables, payment: PaymentRow, cause: { reason: SettlementReason; eventId: string | null }) {
  const targets = creditTargets(payment);
  const { creditLedger } = tables;
  const held = yield* run(
    tx
      .select({ reason: creditLedger.reason, total: sql<number>`CAST(sum(${creditLedger.delta}) AS integer)` })
      .from(creditLedger)
      .where(eq(creditLedger.paymentId, payment.id))
      .groupBy(creditLedger.reason),
  );
  let written = 0;
  for (const reason of ["purchase", "refund", "dispute"] as const) {
    const delta = targets[reason] - (held.find((row) => row.reason === reason)?.total ?? 0);
    if (delta === 0) continue;
    yield* run(
      tx.insert(creditLedger).values({
        userId: payment.user_id,
        delta,
        reason,
        stripeEventId: reason === cause.reason ? cause.eventId : null,
        paymentId: payment.id,
      }),
    );
    written++;
  }
  return written;
}
