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

function answer(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

export async function receiveStripeWebhook(deps: WebhookDeps, rawBody: string, signature: string | null): Promise<Response> {
  const secret = webhookSigningSecret(deps.config);
  if (!secret) return answer(503, { error: "The Stripe webhook is not configured (STRIPE_WEBHOOK_SECRET)", status: 503 });
  if (!signature) return answer(400, { error: "Missing Stripe-Signature header", status: 400 });
  let event: Stripe.Event;
  try {
    event = await (await stripeWebhooks()).constructEventAsync(rawBody, signature, secret);
  } catch {
    return answer(400, { error: "Invalid Stripe signature", status: 400 });
  }
  try {
    const result = await processStripeEvent(deps, event);
    if (result.outcome === "applied" && result.userId !== undefined) deps.mirror.schedule(deps.sqlite, result.userId);
    return answer(200, { received: true, outcome: result.outcome });
  } catch (error) {
    const requestId = crypto.randomUUID();
    log.error(`[${requestId}] Stripe event ${event.id} (${event.type}) failed; Stripe will deliver it again:`, error);
    return answer(500, { error: `The event could not be applied (request ${requestId})`, status: 500 });
  }
}
