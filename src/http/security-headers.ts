// Headers every response carries: a strict Content-Security-Policy (no inline script, no eval) and friends.
import type { Config } from "../config";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Production is served over HTTPS behind BASE_URL: browsers are told to keep to it. */
const HSTS = "max-age=31536000; includeSubDomains";

/** Headers every answer of this process carries by its config, besides SECURITY_HEADERS: HSTS in production. */
export function transportHeaders(config: Pick<Config, "isProduction">): Record<string, string> {
  return config.isProduction ? { "strict-transport-security": HSTS } : {};
}

export const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

/**
 * Lets pages show images from `origin` too: an S3 store that redirects public images sends the browser there,
 * and img-src applies to the redirect's target. Per process, like the rest of its config.
 */
export function allowImagesFrom(origin: string | null): void {
  SECURITY_HEADERS["content-security-policy"] = origin
    ? CONTENT_SECURITY_POLICY.replace("img-src 'self'", `img-src 'self' ${origin}`)
    : CONTENT_SECURITY_POLICY;
}

export function withSecurityHeaders(response: Response): Response {
  for (const name in SECURITY_HEADERS) {
    if (!response.headers.has(name)) response.headers.set(name, SECURITY_HEADERS[name]!);
  }
  return response;
}
