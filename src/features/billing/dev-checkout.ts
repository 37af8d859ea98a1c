// The offline stand-in for Stripe Checkout (outside production, without a Stripe key): "Pay" builds the
// `checkout.session.completed` event Stripe would send, signs it with the webhook secret, and hands the raw
// body and signature to the real webhook receiver, so it passes the same signature check and code path.
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { HttpError } from "../../http/http-error";
import { CURRENCY, findPayment, type PaymentRow } from "./payments";
import { stripeWebhooks, webhookSigningSecret } from "./stripe-client";

function randomId(prefix: string): string {
  return `${prefix}_${Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url")}`;
}

/** The signed-in user's own test-payment session, or 404 (another user's session is as good as absent). */
export async function devCheckoutPayment(data: Data, sessionId: string, userId: number): Promise<PaymentRow> {
  const payment = sessionId.startsWith("cs_dev_") ? await findPayment(data, sessionId) : null;
  if (!payment || payment.user_id !== userId) throw new HttpError(404, "No such test payment.");
  return payment;
}

export interface SignedDelivery {
  payload: string;
  signature: string;
}

export async function signedDevCompletion(config: Config, payment: PaymentRow, customerId: string | null): Promise<SignedDelivery> {
  const secret = webhookSigningSecret(config);
  if (!secret) throw new HttpError(503, "The Stripe webhook secret is not configured.");
  const created = Math.floor(Date.now() / 1000);
  const metadata = { user_id: String(payment.user_id), product: payment.product };
  const event = {
    id: randomId("evt_dev"),
    object: "event",
    api_version: null,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: "checkout.session.completed",
    data: {
      object: {
        id: payment.id,
        object: "checkout.session",
        mode: "payment",
        status: "complete",
        payment_status: "paid",
        amount_total: payment.amount_cents,
        currency: CURRENCY,
        customer: customerId,
        client_reference_id: String(payment.user_id),
        metadata,
        payment_intent: randomId("pi_dev"),
        created,
      },
    },
  };
  // Stripe sends pretty-printed JSON; the signature covers these exact bytes.
  const payload = JSON.stringify(event, null, 2);
  const signature = await (await stripeWebhooks()).generateTestHeaderStringAsync({ payload, secret });
  return { payload, signature };
}
