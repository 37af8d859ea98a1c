// Billing routes: /pricing, /account, POST /checkout, GET /billing-portal, the Stripe webhook, and (outside
// production without a Stripe key) the local test-payment page.
import { Elysia } from "elysia";
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { HTML_CONTENT_TYPE as HTML, htmlPages } from "../../http/html";
import { isFormPost, seeOther } from "../../http/negotiate";
import { BODY_ERRORS, jsonAnswers } from "../../http/responses";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { ledgerHistory, purchaseHistory } from "./account";
import { findProduct, startBillingPortal, startCheckout } from "./checkout";
import { devCheckoutRoutes } from "./dev-routes";
import { accountSummary } from "./ledger";
import { checkoutBody } from "./model";
import { createStripeServices, type StripeServices } from "./stripe-services";
import { usesDevCheckout } from "./stripe-client";
import { renderAccountPage, renderCheckoutStartPage, renderPricingPage } from "./views";
import { t } from "elysia";
import { checkoutStarted, stripeReceipt } from "./responses";
import { listApiKeys } from "../api-keys/keys";
import { signingSecretFor } from "../webhooks/signing";
import { receiveStripeWebhook } from "./webhook";
import { createImageStore } from "../../storage";
import { librarySize } from "../library/size";


export function billingFeature(setup: ReturnType<typeof setupPlugin>, config: Config, stripe: StripeServices = createStripeServices(config)) {
  const { stripeClient, mirror } = stripe;
  const deliver = async (data: Data, payload: string, signature: string | null) =>
    receiveStripeWebhook({ data, config, stripe: await stripeClient(), mirror }, payload, signature);

  const store = createImageStore(config.storage);
  return new Elysia({ name: "billing-routes" })
    .use(authPlugin(setup, config))
    .use(htmlPages)
    .get("/pricing", ({ request, route, cache }) => cache.respond(request, "/pricing", HTML, () => renderPricingPage(config), { earlyRoute: route }), {
      detail: { summary: "Pricing page (HTML): the products and their prices" },
    })
    .get(
      "/account",
      async ({ query, user, data, privatePage }) => {
        const summary = await accountSummary(data, config, user.id);
        const notice = query.checkout === "success" ? "checkout" : query.portal === "unavailable" ? "portal" : null;
        const testKey = usesDevCheckout(config) && typeof query.test_payment === "string" ? query.test_payment : null;
        const testPayment = testKey && Object.hasOwn(config.billing.products, testKey) ? findProduct(config, testKey) : null;
        const page = renderAccountPage(
          {
            email: user.email,
            summary,
            library: summary.library_access ? await librarySize(data, store) : null,
            ledger: await ledgerHistory(data, user.id),
            purchases: await purchaseHistory(data, user.id),
            notice,
            testPayment,
            stripe: Boolean(config.stripe.secretKey),
            developer: { keys: await listApiKeys(data, user.id), signingSecret: await signingSecretFor(data, user.id) },
          },
          config,
        );
        return privatePage(page);
      },
      { auth: "page", detail: { summary: "Account page (HTML): balance, credit history, purchases, progress toward unlock" } },
    )
    .get(
      "/checkout",
      ({ query, privatePage }) => privatePage(renderCheckoutStartPage(findProduct(config, query.product), config)),
      {
        auth: "page",
        query: t.Object({ product: t.String({ minLength: 1, maxLength: 64, error: "product must be one of credits_100, credits_500, library" }) }),
        detail: { summary: "The checkout start page (HTML): where Buy resumes after sign-in, one button from payment" },
      },
    )
    .post(
      "/checkout",
      async ({ request, body, user, data }) => {
        const url = await startCheckout({ data, config, stripe: await stripeClient() }, user, body.product);
        return isFormPost(request) ? seeOther(url) : { checkout_url: url };
      },
      {
        rateLimit: "checkout",
        auth: "api",
        bodyLimit: "json",
        body: checkoutBody,
        response: jsonAnswers({ 200: checkoutStarted }, [...BODY_ERRORS, 401, 429, 502, 503]),
        detail: { summary: "Starts a Stripe Checkout for credits_100, credits_500 or library (303 for forms, {checkout_url} for JSON)" },
      },
    )
    .get(
      "/billing-portal",
      async ({ user, data, redirect }) => {
        return redirect(await startBillingPortal({ data, config, stripe: await stripeClient() }, user), 303);
      },
      { auth: "page", detail: { summary: "Redirects to the Stripe Customer Portal for the signed-in user" } },
    )
    .post("/webhook/stripe", ({ request, body, data }) => deliver(data, body as string, request.headers.get("stripe-signature")), {
      api: true,
      bodyLimit: "webhook",
      response: jsonAnswers({ 200: stripeReceipt }, [400, 408, 413, 503]),
      detail: { summary: "Stripe webhook (signature-verified raw body; each event applied at most once)" },
    })
    .use(devCheckoutRoutes(setup, config, deliver));
}
