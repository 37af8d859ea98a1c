// Replays Stripe's event list (oldest first) through the webhook's own code path. Already-recorded events are
// skipped by id, so a second run changes nothing. Stripe keeps events for 30 days.
import type Stripe from "stripe";
import type { CustomerMirror } from "./customer-mirror";
import { HANDLED_EVENT_TYPES, processStripeEvent, type BillingDeps } from "./stripe-events";

export interface ReconcileSummary {
  seen: number;
  applied: number;
  duplicate: number;
  ignored: number;
  /** Paid with another amount or currency than the price: recorded, not credited. */
  mismatch: number;
}

export async function reconcileFromStripe(deps: BillingDeps & { stripe: Stripe; mirror: CustomerMirror }): Promise<ReconcileSummary> {
  const events: Stripe.Event[] = [];
  // Stripe lists newest first; auto-pagination walks every page.
  for await (const event of deps.stripe.events.list({ limit: 100, types: [...HANDLED_EVENT_TYPES] })) events.push(event);
  events.reverse();
  const summary: ReconcileSummary = { seen: events.length, applied: 0, duplicate: 0, ignored: 0, mismatch: 0 };
  for (const event of events) {
    const result = await processStripeEvent(deps, event);
    summary[result.outcome]++;
    if (result.outcome === "applied" && result.userId !== undefined) deps.mirror.schedule(deps.data, result.userId);
  }
  await deps.mirror.idle();
  return summary;
}
