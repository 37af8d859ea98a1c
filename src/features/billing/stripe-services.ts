// The Stripe client (loaded on first use) and the balance mirror, made once per app and shared by every
// feature that changes a balance (the webhook, an admin's adjustment), so mirror pushes coalesce per user.
import type Stripe from "stripe";
import type { Config } from "../../config";
import { CustomerMirror } from "./customer-mirror";
import { createStripeClient } from "./stripe-client";

export interface StripeServices {
  stripeClient: () => Promise<Stripe | null>;
  mirror: CustomerMirror;
}

export function createStripeServices(config: Config): StripeServices {
  let client: Promise<Stripe | null> | undefined;
  const stripeClient = () => (client ??= createStripeClient(config));
  return { stripeClient, mirror: new CustomerMirror(stripeClient, config) };
}
