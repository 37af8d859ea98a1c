// What the operator must know at start: the development conveniences that sign anyone in and fake payments.
import type { Config } from "./config";
import { usesDevCheckout } from "./features/billing/stripe-client";

export function startupWarnings(config: Config): string[] {
  const on = [config.devLogin ? "development sign-in (anyone, any email)" : null, usesDevCheckout(config) ? "test payments (no money moves)" : null].filter(Boolean);
  if (on.length === 0) return [];
  const where = config.host === "127.0.0.1" || config.host === "localhost" || config.host === "::1" ? "this machine only" : `every network ${config.host} reaches`;
  return [
    "┌──────────────────────────────────────────────────────────────────────",
    `│ DEVELOPMENT MODE (NODE_ENV=${config.env}): ${on.join(" and ")} ON.`,
    `│ Listening on ${config.host}: ${where}. Set NODE_ENV=production to serve the internet.`,
    "└──────────────────────────────────────────────────────────────────────",
  ];
}
