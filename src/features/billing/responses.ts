// The JSON bodies of starting a checkout and of the Stripe webhook's receipt.
import { t } from "elysia";

export const checkoutStarted = t.Object({ checkout_url: t.String({ format: "uri", description: "Stripe Checkout: send the buyer here" }) });

export const stripeReceipt = t.Object({
  received: t.Literal(true),
  outcome: t.UnionEnum(["applied", "duplicate", "ignored", "mismatch"], {
    description: "applied; duplicate (applied before); ignored (a type or session we do not act on); mismatch (paid another amount than its price: recorded, nothing credited)",
  }),
});
