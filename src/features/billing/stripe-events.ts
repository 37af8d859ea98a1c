// Applies one verified Stripe event: its id recorded and its effects written in one transaction body, at most
// once. Shared by the webhook and `bun run reconcile`.
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Config } from "../../config";
import { run, transaction, type Data, type Tables, type Tx } from "../../db/data";
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
  data: Data;
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
  if (!intent || !deps.stripe || (await findPaymentByIntent(deps.data, intent))) return null;
  const sessions = await deps.stripe.checkout.sessions.list({ payment_intent: intent, limit: 1 });
  return sessions.data[0] ?? null;
}

/** What the body found worth a warning; logged after commit, since a body may run more than once. */
type Warnings = string[];

function* settled(tx: Tx, tables: Tables, payment: PaymentRow | null, reason: SettlementReason, eventId: string | null) {
  if (!payment) return { outcome: "ignored" } as EventResult;
  yield* settleCredits(tx, tables, payment, { reason, eventId });
  return { outcome: payment.status === "mismatch" ? "mismatch" : "applied", userId: payment.user_id } as EventResult;
}

function noteMismatch(warnings: Warnings, event: Stripe.Event, payment: PaymentRow | null, session: Stripe.Checkout.Session): void {
  if (payment?.status !== "mismatch") return;
  warnings.push(
    `Stripe event ${event.id}: session ${session.id} was paid ${session.amount_total} ${session.currency} but its price is ` +
      `${payment.amount_cents} ${CURRENCY}; recorded as a mismatch and not credited.`,
  );
}

function* applyEvent(tx: Tx, tables: Tables, config: Config, event: Stripe.Event, fetchedSession: Stripe.Checkout.Session | null, warnings: Warnings) {
  if (fetchedSession) {
    // Catch up on the session first, as if its own event had come: the charge event then applies on top.
    const payment = yield* observeSession(tx, tables, config, sessionFacts(fetchedSession, "checkout.session.completed"));
    noteMismatch(warnings, event, payment, fetchedSession);
    if (payment) yield* settleCredits(tx, tables, payment, { reason: "purchase", eventId: null });
  }
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed": {
      const payment = yield* observeSession(tx, tables, config, sessionFacts(event.data.object, event.type));
      noteMismatch(warnings, event, payment, event.data.object);
      return yield* settled(tx, tables, payment, "purchase", event.id);
    }
    case "charge.refunded": {
      const intent = chargeIntent(event);
      const payment = intent ? yield* observeRefund(tx, tables, intent, event.data.object.amount_refunded) : null;
      return yield* settled(tx, tables, payment, "refund", event.id);
    }
    case "charge.dispute.created": {
      const intent = chargeIntent(event);
      const payment = intent ? yield* observeDispute(tx, tables, intent) : null;
      return yield* settled(tx, tables, payment, "dispute", event.id);
    }
    default:
      return { outcome: "ignored" } as EventResult;
  }
}

async function alreadyRecorded({ db, tables: { stripeEvents } }: Data, eventId: string): Promise<boolean> {
  return (await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, eventId))).length > 0;
}

/**
 * Records the event id and applies the event in one transaction; a second delivery finds the id and does
 * nothing. Any error rolls back both, so the caller can answer 5xx and Stripe delivers it again.
 */
export async function processStripeEvent(deps: BillingDeps, event: Stripe.Event): Promise<EventResult> {
  const { data, config } = deps;
  if (await alreadyRecorded(data, event.id)) return { outcome: "duplicate" };
  const fetchedSession = await sessionForUnknownIntent(deps, event);
  const { stripeEvents } = data.tables;
  const { result, warnings } = await transaction(data, function* (tx) {
    const warnings: Warnings = [];
    const recorded = yield* run(
      tx.insert(stripeEvents).values({ id: event.id, type: event.type }).onConflictDoNothing({ target: stripeEvents.id }).returning({ id: stripeEvents.id }),
    );
    if (recorded.length === 0) return { result: { outcome: "duplicate" } as EventResult, warnings };
    return { result: yield* applyEvent(tx, data.tables, config, event, fetchedSession, warnings), warnings };
  });
  for (const warning of warnings) log.warn(warning);
  return result;
}
