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
import type { Database } from "bun:sqlite";
import type { Config, ProductKey } from "../../config";
import type { RawRow } from "../../db/raw-row";
import type { creditLedger, payments } from "../../db/schema";

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

const PAYMENT_COLUMNS = "id, user_id, kind, product, amount_cents, credits, refunded_cents, payment_intent_id, status";

export function findPayment(sqlite: Database, id: string): PaymentRow | null {
  return sqlite.query<PaymentRow, [string]>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE id = ?`).get(id);
}

export function findPaymentByIntent(sqlite: Database, paymentIntentId: string): PaymentRow | null {
  return sqlite.query<PaymentRow, [string]>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE payment_intent_id = ?`).get(paymentIntentId);
}

/** A checkout started: the payment is pending until Stripe says otherwise. */
export function recordPendingPayment(
  sqlite: Database,
  payment: { id: string; userId: number; product: ProductKey; kind: "credits" | "library"; amountCents: number; credits: number },
): void {
  sqlite
    .query(
      `INSERT INTO payments (id, user_id, kind, product, amount_cents, credits, status, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT(id) DO NOTHING`,
    )
    .run(payment.id, payment.userId, payment.kind, payment.product, payment.amountCents, payment.credits, Date.now());
}

function isProductKey(config: Config, key: string | undefined): key is ProductKey {
  return key !== undefined && Object.hasOwn(config.billing.products, key);
}

/**
 * The payment row for a session: the one checkout recorded, or (when that row is missing, e.g. a database
 * restored from backup before reconcile) one rebuilt from the session's metadata. Null when the session is
 * not one of ours.
 */
function paymentForSession(sqlite: Database, config: Config, session: SessionFacts): PaymentRow | null {
  const existing = findPayment(sqlite, session.id);
  if (existing) return existing;
  if (session.mode !== "payment") return null;
  const productKey = session.metadata?.product;
  const userId = Number(session.metadata?.user_id);
  if (!isProductKey(config, productKey) || !Number.isSafeInteger(userId)) return null;
  if (!sqlite.query("SELECT 1 FROM users WHERE id = ?").get(userId)) return null;
  const product = config.billing.products[productKey];
  // The price comes from our configuration, never from the event: the event's amount is what gets checked.
  recordPendingPayment(sqlite, {
    id: session.id,
    userId,
    product: productKey,
    kind: product.kind,
    amountCents: product.amountCents,
    credits: product.credits,
  });
  return findPayment(sqlite, session.id);
}

function writePayment(sqlite: Database, payment: PaymentRow): PaymentRow {
  sqlite
    .query("UPDATE payments SET amount_cents = ?, refunded_cents = ?, payment_intent_id = ?, status = ?, updated_at = ? WHERE id = ?")
    .run(payment.amount_cents, payment.refunded_cents, payment.payment_intent_id, payment.status, Date.now(), payment.id);
  return payment;
}

function fullyRefunded(payment: PaymentRow): boolean {
  return payment.amount_cents > 0 && payment.refunded_cents >= payment.amount_cents;
}

/** The session was paid the price its payment was opened at (Stripe's quote at checkout, or the configured price). */
export function chargeMatches(payment: Pick<PaymentRow, "amount_cents">, session: Pick<SessionFacts, "amountTotal" | "currency">): boolean {
  return session.amountTotal === payment.amount_cents && session.currency?.toLowerCase() === CURRENCY;
}

export function observeSession(sqlite: Database, config: Config, session: SessionFacts): PaymentRow | null {
  const payment = paymentForSession(sqlite, config, session);
  if (!payment) return null;
  const next = { ...payment, payment_intent_id: payment.payment_intent_id ?? session.paymentIntentId };
  if (session.outcome === "paid" && (next.status === "pending" || next.status === "failed")) {
    if (!chargeMatches(next, session)) next.status = "mismatch";
    else next.status = fullyRefunded(next) ? "refunded" : "paid";
  } else if (session.outcome === "failed" && next.status === "pending") {
    next.status = "failed";
  }
  return writePayment(sqlite, next);
}

/** `amountRefunded` is the charge's cumulative refunded amount, so only what is new takes anything back. */
export function observeRefund(sqlite: Database, paymentIntentId: string, amountRefunded: number): PaymentRow | null {
  const payment = findPaymentByIntent(sqlite, paymentIntentId);
  if (!payment) return null;
  const next = { ...payment, refunded_cents: Math.max(payment.refunded_cents, Math.min(amountRefunded, payment.amount_cents)) };
  if (next.status === "paid" && fullyRefunded(next)) next.status = "refunded";
  return writePayment(sqlite, next);
}

export function observeDispute(sqlite: Database, paymentIntentId: string): PaymentRow | null {
  const payment = findPaymentByIntent(sqlite, paymentIntentId);
  if (!payment) return null;
  if (payment.status === "mismatch") return payment;
  return writePayment(sqlite, { ...payment, status: "disputed" });
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
export function settleCredits(sqlite: Database, payment: PaymentRow, cause: { reason: SettlementReason; eventId: string | null }): number {
  const targets = creditTargets(payment);
  // total is a per-reason sum, which no schema column names
  const held = sqlite
    .query<RawRow<typeof creditLedger, "reason"> & { total: number }, [string]>(
      "SELECT reason, sum(delta) AS total FROM credit_ledger WHERE payment_id = ? GROUP BY reason",
    )
    .all(payment.id);
  const insert = sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason, stripe_event_id, payment_id) VALUES (?, ?, ?, ?, ?)");
  let written = 0;
  for (const reason of ["purchase", "refund", "dispute"] as const) {
    const delta = targets[reason] - (held.find((row) => row.reason === reason)?.total ?? 0);
    if (delta === 0) continue;
    insert.run(payment.user_id, delta, reason, reason === cause.reason ? cause.eventId : null, payment.id);
    written++;
  }
  return written;
}
