// Cached public pages answered before Elysia: the server's fetch looks the URL up in the response cache first
// and hands everything else to the app. Elysia's lifecycle costs about three times what a bare Bun.serve does
// per request; a hit here costs a Map lookup and one Response.
//
// A hit is answered only when the normal path would have answered the very same bytes from the same entry:
// - GET only (HEAD, POST and the rest are routed as always);
// - no Cookie and no Authorization: a session can be refreshed (Set-Cookie) and an API key checked or refused
//   by the app, so any credential goes through it;
// - not to a client that prefers JSON: `/` answers it JSON instead of the page, and errors would too;
// - only entries whose route said it checks nothing else first (`earlyRoute`, see response-cache.ts), under the
//   request's own path and query: a URL with a parameter the route ignores is routed, and hits the cache there;
// - the cache drops its entries on a gallery change before any lookup, here as in the app.
// The client sees what the app sends: the entry's headers (security headers and HSTS in production, baked in by the
// cache; ETag per encoding, Vary), a fresh x-request-id, and a 304 for a matching If-None-Match.
//
// What a hit here does not do: it writes no request log line. At thousands of hits a second the line would cost
// more than the answer, and it would say nothing the metrics do not: each hit is counted in
// gallery_http_requests_total under its route pattern and status, and timed in the latency histogram.
import type { Server } from "bun";
import type { App } from "../app";
import type { Config } from "../config";
import { metrics } from "../metrics/registry";
import { prefersJson } from "./negotiate";
import type { ResponseCache } from "./response-cache";

/** The early answer for `request`, or undefined to let the app route it. */
export function earlyCacheHits(cache: ResponseCache): (request: Request) => Response | undefined {
  // gallery_http_requests_total's series for each route and status, looked up once rather than on every hit.
  const counters = new Map<string, Record<number, () => void>>();
  const countHit = (route: string, status: number) => {
    let byStatus = counters.get(route);
    if (!byStatus) counters.set(route, (byStatus = {}));
    (byStatus[status] ??= metrics.requests.counterOf({ method: "GET", route, status: String(status) }))();
  };
  return (request) => {
    if (request.method !== "GET") return undefined;
    const headers = request.headers;
    if (headers.has("cookie") || headers.has("authorization") || prefersJson(request)) return undefined;
    const started = performance.now();
    const hit = cache.earlyHit(request);
    if (!hit) return undefined;
    const { response, route } = hit;
    // As request-log.ts gives every request it sees.
    response.headers.set("x-request-id", crypto.randomUUID());
    countHit(route, response.status);
    metrics.latency.observe((performance.now() - started) / 1000);
    return response;
  };
}

export interface ListenOptions {
  port: number;
  hostname: string;
  reusePort?: boolean;
}

/**
 * Starts `app` on its own Bun.serve with early cache hits in front (Elysia's `listen` hands matched routes
 * straight to Bun's router, where no fetch could come first). The options Elysia's `listen` would set are kept.
 */
export function listenWithEarlyCacheHits(app: App, cache: ResponseCache, config: Config, options: ListenOptions): Server<undefined> {
  const early = earlyCacheHits(cache);
  const server = Bun.serve({
    ...options,
    idleTimeout: 30,
    development: !config.isProduction,
    fetch: (request) => early(request) ?? app.fetch(request),
  });
  // Handlers read it (`server.requestIP` for rate limits) and `app.stop()` stops it.
  app.server = server;
  return server;
}
