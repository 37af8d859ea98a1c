// Applies one verified Stripe event: its id recorded and its effects written in one synchronous
// BEGIN IMMEDIATE transaction, at most once. Shared by the webhook and `bun run reconcile`.
import type { Database } from "bun:sqlite";
import type Stripe from "stripe";
import type { Config } from "../../config";
import { immediate } from "../../db/client";
import { log } from "../../log";
import {
  CURRENCY,
  findPaymentByIntent,
  observeDispute,
  observeRefund,
  observeSession,
  settleCredits,
  type PaymentRow,
  type SessionFacts,
  type SettlementReason,
} from "./payments";

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.async_payment_failed",
  "charge.refunded",
  "charge.dispute.created",
] as const;

export interface BillingDeps {
  sqlite: Database;
  config: Config;
  /** Null without STRIPE_SECRET_KEY: events still apply, but nothing can be looked up at Stripe. */
  stripe: Stripe | null;
}

export interface EventResult {
  /** "mismatch": a session paid another amount or currency than its price; recorded, nothing credited. */
  outcome: "applied" | "duplicate" | "ignored" | "mismatch";
  /** The user whose account changed, when one did. */
  userId?: number;
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

function sessionFacts(session: Stripe.Checkout.Session, eventType: string): SessionFacts {
  let outcome: SessionFacts["outcome"] = session.payment_status === "unpaid" ? "awaiting" : "paid";
  if (eventType === "checkout.session.async_payment_succeeded") outcome = "paid";
  if (eventType === "checkout.session.async_payment_failed") outcome = "failed";
  return {
    id: session.id,
    mode: session.mode ?? null,
    metadata: (session.metadata as Record<string, string> | null) ?? null,
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    paymentIntentId: idOf(session.payment_intent),
    outcome,
  };
}

/** The PaymentIntent a charge or dispute event is about. */
function chargeIntent(event: Stripe.Event): string | null {
  if (event.type === "charge.refunded") return idOf(event.data.object.payment_intent);
  if (event.type === "charge.dispute.created") return idOf(event.data.object.payment_intent);
  return null;
}

/**
 * A refund or dispute can arrive before the session event that tells us its PaymentIntent. Stripe is the
 * truth, so we ask it which session the PaymentIntent belongs to (network, hence before the transaction).
 */
async function sessionForUnknownIntent(deps: BillingDeps, event: Stripe.Event): Promise<Stripe.Checkout.Session | null> {
  const intent = chargeIntent(event);
  if (!intent || !deps.stripe || findPaymentByIntent(deps.sqlite, intent)) return null;
  const sessions = await deps.stripe.checkout.sessions.list({ payment_intent: intent, limit: 1 });
  return sessions.data[0] ?? null;
}

function settled(sqlite: Database, payment: PaymentRow | null, reason: SettlementReason, eventId: string | null): EventResult {
  if (!payment) return { outcome: "ignored" };
  settleCredits(sqlite, payment, { reason, eventId });
  return { outcome: payment.status === "mismatch" ? "mismatch" : "applied", userId: payment.user_id };
}

function warnOnMismatch(event: Stripe.Event, payment: PaymentRow | null, session: Stripe.Checkout.Session): void {
  if (payment?.status !== "mismatch") return;
  log.warn(
    `Stripe event ${event.id}: session ${session.id} was paid ${session.amount_total} ${session.currency} but its price is ` +
      `${payment.amount_cents} ${CURRENCY}; recorded as a mismatch and not credited.`,
  );
}

function applyEvent(deps: BillingDeps, event: Stripe.Event, fetchedSession: Stripe.Checkout.Session | null): EventResult {
  const { sqlite, config } = deps;
  if (fetchedSession) {
    // Catch up on the session first, as if its own event had come: the charge event then applies on top.
    const payment = observeSession(sqlite, config, sessionFacts(fetchedSession, "checkout.session.completed"));
    warnOnMismatch(event, payment, fetchedSession);
    if (payment) settleCredits(sqlite, payment, { reason: "purchase", eventId: null });
  }
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed": {
      const payment = observeSession(sqlite, config, sessionFacts(event.data.object, event.type));
      warnOnMismatch(event, payment, event.data.object);
      return settled(sqlite, payment, "purchase", event.id);
    }
    case "charge.refunded": {
      const intent = chargeIntent(event);
      return settled(sqlite, intent ? observeRefund(sqlite, intent, event.data.object.amount_refunded) : null, "refund", event.id);
    }
    case "charge.dispute.created": {
      const intent = chargeIntent(event);
      return settled(sqlite, intent ? observeDispute(sqlite, intent) : null, "dispute", event.id);
    }
    default:
      return { outcome: "ignored" };
  }
}

function alreadyRecorded(sqlite: Database, eventId: string): boolean {
  return sqlite.query("SELECT 1 FROM stripe_events WHERE id = ?").get(eventId) !== null;
}

/**
 * Records the event id and applies the event in one transaction; a second delivery finds the id and does
 * nothing. Any error rolls back both, so the caller can answer 5xx and Stripe delivers it again.
 */
export async function processStripeEvent(deps: BillingDeps, event: Stripe.Event): Promise<EventResult> {
  if (alreadyRecorded(deps.sqlite, event.id)) return { outcome: "duplicate" };
  const fetchedSession = await sessionForUnknownIntent(deps, event);
  return immediate(deps.sqlite, () => {
    const recorded = deps.sqlite.query("INSERT INTO stripe_events (id, type) VALUES (?, ?) ON CONFLICT(id) DO NOTHING").run(event.id, event.type);
    if (recorded.changes === 0) return { outcome: "duplicate" as const };
    return applyEvent(deps, event, fetchedSession);
  });
}
