// Billing routes: /pricing, /account, POST /checkout, GET /billing-portal, the Stripe webhook, and (outside
// production without a Stripe key) the local test-payment page.
import type { Database } from "bun:sqlite";
import type Stripe from "stripe";
import { Elysia } from "elysia";
import type { Config } from "../../config";
import { HttpError } from "../../http/errors";
import { isFormPost, prefersJson } from "../../http/negotiate";
import { clientAddress, type RateLimiter } from "../../http/rate-limit";
import type { setupPlugin } from "../../http/setup";
import { authPlugin } from "../auth/plugin";
import { ledgerHistory, purchaseHistory } from "./account";
import { startBillingPortal, startCheckout } from "./checkout";
import { CustomerMirror } from "./customer-mirror";
import { devCheckoutRoutes } from "./dev-routes";
import { accountSummary } from "./ledger";
import { checkoutBody } from "./model";
import { createStripeClient } from "./stripe-client";
import { renderAccountPage, renderPricingPage } from "./views";
import { receiveStripeWebhook } from "./webhook";

const HTML = "text/html; charset=utf-8";

export function billingFeature(setup: ReturnType<typeof setupPlugin>, config: Config, limiter: RateLimiter) {
  let client: Promise<Stripe | null> | undefined;
  const stripeClient = () => (client ??= createStripeClient(config));
  const mirror = new CustomerMirror(stripeClient, config);
  const deliver = async (sqlite: Database, payload: string, signature: string | null) =>
    receiveStripeWebhook({ sqlite, config, stripe: await stripeClient(), mirror }, payload, signature);

  return new Elysia({ name: "billing-routes" })
    .use(authPlugin(setup, config))
    .get("/pricing", ({ request, cache }) => cache.respond(request, "/pricing", HTML, () => renderPricingPage(config)), {
      detail: { summary: "Pricing page (HTML): the products and their prices" },
    })
    .get(
      "/account",
      ({ query, user, sqlite, redirect }) => {
        if (!user) return redirect("/sign-in", 302);
        const notice = query.checkout === "success" ? "checkout" : query.portal === "unavailable" ? "portal" : null;
        const page = renderAccountPage(
          {
            email: user.email,
            summary: accountSummary(sqlite, config, user.id),
            ledger: ledgerHistory(sqlite, user.id),
            purchases: purchaseHistory(sqlite, user.id),
            notice,
          },
          config,
        );
        return new Response(page, { headers: { "content-type": HTML, "cache-control": "private, no-store" } });
      },
      { detail: { summary: "Account page (HTML): balance, credit history, purchases, progress toward unlock" } },
    )
    .post(
      "/checkout",
      async ({ request, server, body, user, sqlite, redirect }) => {
        limiter.hit("checkout", clientAddress(server, request), config.rateLimits.checkout);
        const form = isFormPost(request);
        if (!user) {
          if (form) return redirect("/sign-in", 303);
          throw new HttpError(401, "Sign in to buy credits.");
        }
        const url = await startCheckout({ sqlite, config, stripe: await stripeClient() }, user, body.product);
        return form ? redirect(url, 303) : { checkout_url: url };
      },
      { body: checkoutBody, detail: { summary: "Starts a Stripe Checkout for credits_100, credits_500 or library (303 for forms, {checkout_url} for JSON)" } },
    )
    .get(
      "/billing-portal",
      async ({ request, user, sqlite, redirect }) => {
        if (!user) {
          if (prefersJson(request)) throw new HttpError(401, "Sign in to manage billing.");
          return redirect("/sign-in", 302);
        }
        return redirect(await startBillingPortal({ sqlite, config, stripe: await stripeClient() }, user), 303);
      },
      { detail: { summary: "Redirects to the Stripe Customer Portal for the signed-in user" } },
    )
    .post("/webhook/stripe", async ({ request, sqlite }) => deliver(sqlite, await request.text(), request.headers.get("stripe-signature")), {
      parse: "none",
      detail: { summary: "Stripe webhook (signature-verified raw body; each event applied at most once)" },
    })
    .use(devCheckoutRoutes(setup, config, deliver));
}
