// Request schemas for billing, and how a route tells an HTML form from an API client.
import { t } from "elysia";

export const checkoutBody = t.Object({
  product: t.String({ minLength: 1, maxLength: 64, error: "product must be one of credits_100, credits_500, library" }),
});

export const devCheckoutParams = t.Object({
  sessionId: t.String({ maxLength: 128, error: "sessionId must be a test checkout session id" }),
});
