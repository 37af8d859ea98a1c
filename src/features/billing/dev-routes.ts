// The local test-payment routes, registered only outside production and without a Stripe key.
import { Elysia } from "elysia";
import type { Config } from "../../config";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { devCheckoutPayment, signedDevCompletion } from "./dev-checkout";
import { devCheckoutParams } from "./model";
import { usesDevCheckout } from "./stripe-client";
import { HttpError } from "../../http/http-error";
import { renderDevCheckoutPage } from "./views";
import type { receiveStripeWebhook } from "./webhook";
import { htmlPages } from "../../http/html";

type DeliverWebhook = (data: Parameters<typeof receiveStripeWebhook>[0]["data"], payload: string, signature: string) => Promise<Response>;

export function devCheckoutRoutes(setup: ReturnType<typeof setupPlugin>, config: Config, deliver: DeliverWebhook) {
  const routes = new Elysia({ name: "dev-checkout" })
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get(
      "/dev/checkout/:sessionId",
      async ({ params, user, data, privatePage }) => {
        const payment = await devCheckoutPayment(data, params.sessionId, user.id);
        const product = config.billing.products[payment.product as keyof Config["billing"]["products"]];
        const page = renderDevCheckoutPage({ sessionId: payment.id, productName: product?.name ?? payment.product, amountCents: payment.amount_cents });
        return privatePage(page);
      },
      { auth: "page", params: devCheckoutParams, detail: { summary: "Development only: the local test-payment page", hide: true } },
    )
    .post(
      "/dev/checkout/:sessionId/pay",
      async ({ params, user, data, redirect }) => {
        const payment = await devCheckoutPayment(data, params.sessionId, user.id);
        if (payment.status === "pending") {
          const { payload, signature } = await signedDevCompletion(config, payment, user.stripeCustomerId);
          const delivered = await deliver(data, payload, signature);
          if (!delivered.ok) throw new HttpError(502, `The test payment's webhook was refused (${delivered.status}).`);
        }
        return redirect(`/account?test_payment=${encodeURIComponent(payment.product)}`, 303);
      },
      { auth: "page", bodyLimit: "json", params: devCheckoutParams, detail: { summary: "Development only: pays a test checkout by delivering a signed event to the webhook", hide: true } },
    );
  return usesDevCheckout(config) ? routes : new Elysia({ name: "dev-checkout" });
}
