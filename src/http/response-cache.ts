// In-memory cache of public responses (same bytes for every visitor), dropped whenever the gallery changes.
// Each entry keeps its body once per encoding (identity, br, gzip), compressed on the first request that asks.
import type { Database } from "bun:sqlite";
import { chooseEncoding, compress, type Encoding, MIN_COMPRESSIBLE_BYTES } from "./compression";
import { SECURITY_HEADERS } from "./security-headers";

interface EncodedBody {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  headers: Record<string, string>;
}

interface CachedResponse {
  identity: EncodedBody;
  br?: EncodedBody;
  gzip?: EncodedBody;
}

export interface ResponseCache {
  /** Answers from the cache, or renders, stores and answers; honours If-None-Match with a 304. */
  respond(request: Request, key: string, contentType: string, render: () => string): Response;
}

const MAX_ENTRIES = 2000;

/**
 * The cache key of a public response: its path and only the query parameters the route reads, so
 * `?bust=<random>` is the same entry and cannot evict the others. String work, no URL parsing: it runs on
 * every cached request.
 */
export function publicCacheKey(request: Request, knownParams: readonly string[] = []): string {
  const raw = request.url;
  const pathStart = raw.indexOf("/", raw.indexOf("//") + 2);
  const queryStart = raw.indexOf("?", pathStart);
  if (queryStart === -1) return raw.slice(pathStart);
  let kept = "";
  let dropped = false;
  for (let start = queryStart + 1; start <= raw.length; ) {
    let end = raw.indexOf("&", start);
    if (end === -1) end = raw.length;
    const eq = raw.indexOf("=", start);
    const name = raw.slice(start, eq === -1 || eq > end ? end : eq);
    if (knownParams.includes(name)) kept += (kept ? "&" : "") + raw.slice(start, end);
    else dropped = true;
    start = end + 1;
  }
  // Usually every parameter is one the route reads: the request's own path and query, unchanged.
  if (!dropped) return raw.slice(pathStart);
  const path = raw.slice(pathStart, queryStart);
  return kept ? `${path}?${kept}` : path;
}
const encoder = new TextEncoder();

function answer(request: Request, encoded: EncodedBody): Response {
  if (request.headers.get("if-none-match") === encoded.etag) {
    return new Response(null, {
      status: 304,
      headers: { etag: encoded.etag, "cache-control": encoded.headers["cache-control"]!, vary: "Accept-Encoding" },
    });
  }
  return new Response(encoded.body, { headers: encoded.headers });
}

function build(body: string, contentType: string): CachedResponse {
  const bytes = encoder.encode(body);
  const etag = `"${Bun.hash(bytes).toString(36)}"`;
  return {
    identity: {
      body: bytes,
      etag,
      // no-cache: browsers and CDNs may keep it but revalidate, so a new render shows at once (304 otherwise).
      // The security headers are baked in, so a hit is one object handed to Response.
      headers: { ...SECURITY_HEADERS, "content-type": contentType, etag, "cache-control": "public, no-cache", vary: "Accept-Encoding" },
    },
  };
}

/** The entry's body in `encoding`, compressing it the first time; small bodies stay identity. */
function encodedVariant(entry: CachedResponse, encoding: Encoding): EncodedBody {
  if (encoding === "identity" || entry.identity.body.byteLength < MIN_COMPRESSIBLE_BYTES) return entry.identity;
  const existing = entry[encoding];
  if (existing) return existing;
  // A distinct ETag per encoding: a cache in between must never answer a gzip client's revalidation with br bytes.
  const etag = `${entry.identity.etag.slice(0, -1)}-${encoding}"`;
  const variant = {
    body: compress(entry.identity.body, encoding),
    etag,
    headers: { ...entry.identity.headers, etag, "content-encoding": encoding },
  };
  entry[encoding] = variant;
  return variant;
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
      const encoding = chooseEncoding(request.headers.get("accept-encoding"));
      if (!enabled) return answer(request, encodedVariant(build(render(), contentType), encoding));
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
      return answer(request, encodedVariant(entry, encoding));
    },
  };
}
