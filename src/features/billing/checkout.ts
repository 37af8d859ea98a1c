// Starting a purchase: the user's Stripe customer (created on first use), a Checkout Session in payment mode,
// and the pending payment row; without a Stripe key outside production, a local test-payment session instead.
import { and, eq, isNull } from "drizzle-orm";
import type Stripe from "stripe";
import type { Config, Product, ProductKey } from "../../config";
import type { Data } from "../../db/data";
import { HttpError } from "../../http/http-error";
import { CURRENCY, recordPendingPayment } from "./payments";
import { usesDevCheckout } from "./stripe-client";
import { log } from "../../log";

export interface CheckoutDeps {
  data: Data;
  config: Config;
  stripe: Stripe | null;
}

export interface Buyer {
  id: number;
  email: string;
}

export function findProduct(config: Config, key: string): Product {
  if (!Object.hasOwn(config.billing.products, key)) {
    const known = Object.keys(config.billing.products).join(", ");
    throw new HttpError(400, `Unknown product "${key.slice(0, 64)}": product must be one of ${known}.`, { products: Object.keys(config.billing.products) });
  }
  return config.billing.products[key as ProductKey];
}

function providerError(error: unknown): HttpError {
  log.error(`Stripe request failed: ${error instanceof Error ? error.message : error}`);
  return new HttpError(502, "The payment provider could not be reached. Please try again in a moment.");
}

const creatingCustomers = new Map<number, Promise<string>>();

/** The user's Stripe customer id, creating the customer on first use (once, even under parallel checkouts). */
export async function ensureStripeCustomer(stripe: Stripe, data: Data, buyer: Buyer): Promise<string> {
  const { users } = data.tables;
  const stored = async () => (await data.db.select({ id: users.stripeCustomerId }).from(users).where(eq(users.id, buyer.id)))[0]?.id;
  const existing = await stored();
  if (existing) return existing;
  let creating = creatingCustomers.get(buyer.id);
  if (!creating) {
    creating = (async () => {
      const customer = await stripe.customers.create({ email: buyer.email, metadata: { user_id: String(buyer.id) } });
      // Another process may have stored one meanwhile: the first stored id wins.
      await data.db
        .update(users)
        .set({ stripeCustomerId: customer.id })
        .where(and(eq(users.id, buyer.id), isNull(users.stripeCustomerId)));
      return (await stored()) ?? customer.id;
    })().finally(() => creatingCustomers.delete(buyer.id));
    creatingCustomers.set(buyer.id, creating);
  }
  return creating;
}

function lineItem(product: Product): Stripe.Checkout.SessionCreateParams.LineItem {
  if (product.stripePriceId) return { price: product.stripePriceId, quantity: 1 };
  return { price_data: { currency: CURRENCY, unit_amount: product.amountCents, product_data: { name: product.name } }, quantity: 1 };
}

/** Returns the URL to send the buyer to: Stripe Checkout, or the local test-payment page. */
export async function startCheckout(deps: CheckoutDeps, buyer: Buyer, productKey: string): Promise<string> {
  const { data, config, stripe } = deps;
  const product = findProduct(config, productKey);
  const pending = { userId: buyer.id, product: product.key, kind: product.kind, credits: product.credits };
  if (!stripe) {
    if (!usesDevCheckout(config)) throw new HttpError(503, "Payments are not configured on this server.");
    const id = `cs_dev_${Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64url")}`;
    await recordPendingPayment(data, { id, amountCents: product.amountCents, ...pending });
    return `${config.baseUrl}/dev/checkout/${id}`;
  }
  let session: Stripe.Checkout.Session;
  try {
    const customer = await ensureStripeCustomer(stripe, data, buyer);
    const metadata = { user_id: String(buyer.id), product: product.key };
    session = await stripe.checkout.sessions.create({
      mode: "payment",
      customer,
      client_reference_id: String(buyer.id),
      line_items: [lineItem(product)],
      metadata,
      payment_intent_data: { metadata },
      success_url: `${config.baseUrl}/account?checkout=success`,
      cancel_url: `${config.baseUrl}/pricing`,
    });
  } catch (error) {
    throw providerError(error);
  }
  if (!session.url) throw providerError(new Error(`Checkout Session ${session.id} has no URL`));
  await recordPendingPayment(data, { id: session.id, amountCents: session.amount_total ?? product.amountCents, ...pending });
  return session.url;
}

/** A Customer Portal session for the user (their customer created first if need be). */
export async function startBillingPortal(deps: CheckoutDeps, buyer: Buyer): Promise<string> {
  const { data, config, stripe } = deps;
  if (!stripe) {
    if (!usesDevCheckout(config)) throw new HttpError(503, "Payments are not configured on this server.");
    return `${config.baseUrl}/account?portal=unavailable`;
  }
  try {
    const customer = await ensureStripeCustomer(stripe, data, buyer);
    const portal = await stripe.billingPortal.sessions.create({ customer, return_url: `${config.baseUrl}/account` });
    return portal.url;
  } catch (error) {
    throw providerError(error);
  }
}
