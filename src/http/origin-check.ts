// CSRF defence: every state-changing request must come from this site's own pages (same-origin Origin header).
// With BASE_URL set, that origin is BASE_URL's and nothing else: the request's own Host can be spoofed.
// The Stripe webhook is exempt: it proves itself with a signature instead; so is a request authenticated by an
// API key (`keyAuthenticated`): it carries no cookie a foreign page could ride on, and its scope is still checked.
import type { Config } from "../config";
import { errorResponse } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PATHS = new Set(["/webhook/stripe"]);

export function rejectCrossSiteRequest(request: Request, config: Config, keyAuthenticated = false): Response | undefined {
  if (SAFE_METHODS.has(request.method) || keyAuthenticated) return undefined;
  const url = new URL(request.url);
  if (EXEMPT_PATHS.has(url.pathname)) return undefined;
  const origin = request.headers.get("origin");
  const allowed = config.publicOrigin ?? url.origin;
  if (origin && origin === allowed) return undefined;
  return errorResponse(request, 403, "This request must come from the AI Gallery site itself (missing or foreign Origin).");
}
