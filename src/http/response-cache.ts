// In-memory cache of public responses (same bytes for every visitor), dropped whenever the gallery changes.
import type { Database } from "bun:sqlite";
import { SECURITY_HEADERS } from "./security-headers";

interface CachedResponse {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  headers: Record<string, string>;
}

export interface ResponseCache {
  /** Answers from the cache, or renders, stores and answers; honours If-None-Match with a 304. */
  respond(request: Request, key: string, contentType: string, render: () => string): Response;
}

const MAX_ENTRIES = 2000;
const encoder = new TextEncoder();

function answer(request: Request, entry: CachedResponse): Response {
  if (request.headers.get("if-none-match") === entry.etag) {
    return new Response(null, { status: 304, headers: { etag: entry.etag, "cache-control": entry.headers["cache-control"]! } });
  }
  return new Response(entry.body, { headers: entry.headers });
}

function build(body: string, contentType: string): CachedResponse {
  const bytes = encoder.encode(body);
  const etag = `"${Bun.hash(bytes).toString(36)}"`;
  return {
    body: bytes,
    etag,
    // no-cache: browsers and CDNs may keep it but revalidate, so a new render shows at once (304 otherwise).
    // The security headers are baked in, so a hit is one object handed to Response.
    headers: { ...SECURITY_HEADERS, "content-type": contentType, etag, "cache-control": "public, no-cache" },
  };
}

/**
 * The gallery version is read on every request (one indexed row, about a microsecond), so a render
 * published by any process sharing the database file invalidates the cache at once.
 */
export function createResponseCache(sqlite: Database, enabled: boolean): ResponseCache {
  const entries = new Map<string, CachedResponse>();
  let version = -1;
  // Prepared once: the per-request cost is one indexed read, not a statement-cache lookup.
  const readVersion = sqlite.prepare<{ v: number }, []>("SELECT version AS v FROM gallery_state WHERE id = 1");
  return {
    respond(request, key, contentType, render) {
      if (!enabled) return answer(request, build(render(), contentType));
      const current = readVersion.get()!.v;
      if (current !== version) {
        entries.clear();
        version = current;
      }
      let entry = entries.get(key);
      if (!entry) {
        entry = build(render(), contentType);
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(key, entry);
      }
      return answer(request, entry);
    },
  };
}
