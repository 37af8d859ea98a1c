// CSRF defence: every state-changing request must come from this site's own pages (same-origin Origin header).
// The Stripe webhook is exempt: it proves itself with a signature instead.
import type { Config } from "../config";
import { errorResponse } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PATHS = new Set(["/webhook/stripe"]);

export function rejectCrossSiteRequest(request: Request, config: Config): Response | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const url = new URL(request.url);
  if (EXEMPT_PATHS.has(url.pathname)) return undefined;
  const origin = request.headers.get("origin");
  if (origin && (origin === url.origin || origin === new URL(config.baseUrl).origin)) return undefined;
  return errorResponse(request, 403, "This request must come from the AI Gallery site itself (missing or foreign Origin).");
}
