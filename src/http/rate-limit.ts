// In-memory rate limits (fixed one-minute windows per client and bucket); 429 with Retry-After beyond.
import { HttpError } from "./errors";

const WINDOW_MS = 60_000;

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

/** The client's address as the server saw it (no proxy headers are trusted by default). */
export function clientAddress(server: { requestIP(request: Request): { address: string } | null } | null | undefined, request: Request): string {
  return server?.requestIP(request)?.address ?? "local";
}
