// The configured stripe-node client (STRIPE_API_URL points it elsewhere, e.g. a fake in tests) and the webhook secret.
import type Stripe from "stripe";
import type { Config } from "../../config";

let sdk: Promise<typeof Stripe> | undefined;

/** stripe-node loads on first use, not at boot: it is one of the slowest modules to import (~40 ms). */
function loadStripeSdk(): Promise<typeof Stripe> {
  return (sdk ??= import("stripe").then((module) => module.default));
}

export async function createStripeClient(config: Config): Promise<Stripe | null> {
  if (!config.stripe.secretKey) return null;
  const StripeSdk = await loadStripeSdk();
  const options: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 20_000, appInfo: { name: "ai-gallery" } };
  if (config.stripe.apiUrl) {
    const url = new URL(config.stripe.apiUrl);
    const protocol = url.protocol === "http:" ? "http" : "https";
    options.protocol = protocol;
    options.host = url.hostname;
    options.port = url.port || (protocol === "http" ? 80 : 443);
  }
  return new StripeSdk(config.stripe.secretKey, options);
}

/**
 * The secret webhook signatures are checked against: STRIPE_WEBHOOK_SECRET, or outside production (where the
 * dev checkout signs its own events) one derived from SECRET_KEY. Null means the webhook cannot be verified.
 */
export function webhookSigningSecret(config: Config): string | null {
  if (config.stripe.webhookSecret) return config.stripe.webhookSecret;
  if (config.isProduction) return null;
  const derived = new Bun.CryptoHasher("sha256", config.secretKey).update("stripe-webhook-dev").digest("hex");
  return `whsec_dev_${derived}`;
}

/** Without a Stripe key, outside production only, checkout goes to a local test-payment page. */
export function usesDevCheckout(config: Config): boolean {
  return !config.isProduction && !config.stripe.secretKey;
}

/** The Stripe webhook helpers (signature check, test headers) need no API key. */
export async function stripeWebhooks(): Promise<Stripe["webhooks"]> {
  return (await loadStripeSdk()).webhooks;
}
