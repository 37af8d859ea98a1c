// In-memory rate limits (fixed one-minute windows per client and bucket); 429 with Retry-After beyond. Routes
// declare theirs with the `rateLimit` option; the client is the API key when one is used, else the peer address, or
// X-Forwarded-For's last untrusted hop when the peer is a proxy named in TRUSTED_PROXY, and, on routes that sign in,
// also the account.
import { Elysia } from "elysia";
import type { Config } from "../config";
import { HttpError } from "./http-error";
import { keyHolderOf } from "../features/api-keys/bearer";

const WINDOW_MS = 60_000;

export type RateBucket = keyof Config["rateLimits"];

export interface RateLimiter {
  /** Counts one request; throws 429 with Retry-After when `limit` per minute is exceeded. */
  hit(bucket: string, client: string, limit: number, now?: number): void;
}

export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  return {
    hit(bucket, client, limit, now = Date.now()) {
      if (now - lastSweep > WINDOW_MS) {
        for (const [key, window] of windows) if (now - window.start >= WINDOW_MS) windows.delete(key);
        lastSweep = now;
      }
      const key = `${bucket}\u0000${client}`;
      let window = windows.get(key);
      if (!window || now - window.start >= WINDOW_MS) windows.set(key, (window = { start: now, count: 0 }));
      window.count++;
      if (window.count > limit) {
        const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
        throw new HttpError(429, `Too many requests: try again in ${retryAfter} s.`, { retry_after: retryAfter }, { "retry-after": String(retryAfter) });
      }
    },
  };
}

type Server = { requestIP(request: Request): { address: string } | null } | null | undefined;

/** The client's address: the peer, unless the peer is a trusted proxy, then the nearest untrusted X-Forwarded-For hop. */
export function clientAddress(server: Server, request: Request, trustedProxies: readonly string[] = []): string {
  const peer = server?.requestIP(request)?.address ?? "local";
  if (trustedProxies.length === 0 || !trustedProxies.includes(peer)) return peer;
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((hop) => hop.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trustedProxies.includes(hops[i]!)) return hops[i]!;
  return peer;
}

export function rateLimitPlugin(config: Config, limiter: RateLimiter) {
  return new Elysia({ name: "rate-limit" }).macro({
    rateLimit: (bucket: RateBucket) => ({
      // After validation and sign-in, as the inline calls were: a request refused for its shape is not work done.
      beforeHandle(context) {
        const { request, server } = context;
        // A request with an API key counts against that key, wherever it comes from.
        const holder = keyHolderOf(request);
        const client = holder ? `key:${holder.keyId}` : clientAddress(server, request, config.trustedProxies);
        limiter.hit(bucket, client, config.rateLimits[bucket]);
        // Per account too, when the route signs in: changing address (or key) does not buy more requests.
        const user = (context as { user?: { id: number } | null }).user;
        if (user) limiter.hit(`${bucket}:user`, String(user.id), config.rateLimits[bucket]);
      },
    }),
  });
}
