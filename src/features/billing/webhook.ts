// The Stripe webhook: the raw body's signature is verified before anything is read from it, then the event is
// applied once. Bad signatures get 400 with nothing written; a failure while applying gets 500 so Stripe retries.
import type Stripe from "stripe";
import type { CustomerMirror } from "./customer-mirror";
import { processStripeEvent, type BillingDeps } from "./stripe-events";
import { stripeWebhooks, webhookSigningSecret } from "./stripe-client";
import { log } from "../../log";

export interface WebhookDeps extends BillingDeps {
  mirror: CustomerMirror;
}

/** stripe-node's default: a signature older than this is refused by the SDK, and one newer by us. */
const TOLERANCE_SECONDS = 300;

/**
 * stripe-node refuses old timestamps only: a signature dated in the future would pass, and stay replayable
 * until long after it was made. Every `t=` in the header must be within the tolerance of now.
 */
function signedInTheFuture(signature: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const timestamps = signature.split(",").flatMap((part) => (part.trim().startsWith("t=") ? [Number(part.trim().slice(2))] : []));
  return timestamps.some((timestamp) => !Number.isFinite(timestamp) || timestamp > nowSeconds + TOLERANCE_SECONDS);
}

function answer(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export async function receiveStripeWebhook(deps: WebhookDeps, rawBody: string, signature: string | null): Promise<Response> {
  const secret = webhookSigningSecret(deps.config);
  if (!secret) return answer(503, { error: "The Stripe webhook is not configured (STRIPE_WEBHOOK_SECRET)", status: 503 });
  if (!signature) return answer(400, { error: "Missing Stripe-Signature header", status: 400 });
  let event: Stripe.Event;
  try {
    event = await (await stripeWebhooks()).constructEventAsync(rawBody, signature, secret, TOLERANCE_SECONDS);
  } catch {
    return answer(400, { error: "Invalid Stripe signature", status: 400 });
  }
  if (signedInTheFuture(signature)) return answer(400, { error: "Invalid Stripe signature: timestamp is in the future", status: 400 });
  try {
    const result = await processStripeEvent(deps, event);
    if (result.outcome === "applied" && result.userId !== undefined) deps.mirror.schedule(deps.data, result.userId);
    return answer(200, { received: true, outcome: result.outcome });
  } catch (error) {
    const requestId = crypto.randomUUID();
    log.error(`[${requestId}] Stripe event ${event.id} (${event.type}) failed; Stripe will deliver it again:`, error);
    return answer(500, { error: `The event could not be applied (request ${requestId})`, status: 500 });
  }
}
