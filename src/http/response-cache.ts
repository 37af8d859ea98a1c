// In-memory cache of public responses (same bytes for every visitor), dropped whenever the gallery changes.
// Each entry keeps its body once per encoding (identity, br, gzip), compressed on the first request that asks.
import type { Config } from "../config";
import { chooseEncoding, compress, type Encoding, MIN_COMPRESSIBLE_BYTES } from "./compression";
import { SECURITY_HEADERS, transportHeaders } from "./security-headers";

interface EncodedBody {
  /** A Blob: a Response shares its bytes, where a Uint8Array body would be copied on every hit. */
  body: Blob;
  etag: string;
  headers: Record<string, string>;
  /** The same headers built once: a Response copies a Headers object several times faster than a plain object. */
  prepared: Headers;
  /** A 304's headers, built once: the same without the body's type and encoding. */
  notModified: Headers;
}

interface CachedResponse {
  identity: EncodedBody;
  /** Set when a hit may be answered before routing (RespondOptions.earlyRoute): the route pattern it is counted under. */
  earlyRoute?: string;
  /** The page's bytes, kept to compress from until both compressed variants exist. */
  bytes?: Uint8Array<ArrayBuffer>;
  size: number;
  br?: EncodedBody;
  gzip?: EncodedBody;
}

export interface RespondOptions {
  /**
   * The route's pattern, given only by a route that decides nothing about the request before the cache (no
   * session, no database check, no negotiation beyond early-cache-hits.ts's rules): a later request for exactly
   * this URL may then be answered from the entry before Elysia routes it, and is counted under this pattern.
   */
  earlyRoute?: string;
}

export interface ResponseCache {
  /**
   * Answers from the cache, or renders, stores and answers; honours If-None-Match with a 304. A hit answers
   * synchronously; `render` may read the database asynchronously.
   */
  respond(request: Request, key: string, contentType: string, render: () => string | Promise<string>, options?: RespondOptions): Response | Promise<Response>;
  /**
   * The answer stored under this request's own path and query by a route that gave `earlyRoute`, with that
   * route, or undefined; never renders. The same entry, encoding and 304 rule as `respond` on that route.
   */
  earlyHit(request: Request): { response: Response; route: string } | undefined;
}

const MAX_ENTRIES = 2000;

/**
 * The cache key of a public response: its path and only the query parameters the route reads, so
 * `?bust=<random>` is the same entry and cannot evict the others. String work, no URL parsing: it runs on
 * every cached request.
 */
export function publicCacheKey(request: Request, knownParams: readonly string[] = []): string {
  const raw = request.url;
  const pathStart = pathStartOf(raw);
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

function pathStartOf(url: string): number {
  return url.indexOf("/", url.indexOf("//") + 2);
}

const encoder = new TextEncoder();

function answer(request: Request, encoded: EncodedBody): Response {
  if (request.headers.get("if-none-match") === encoded.etag) return new Response(null, { status: 304, headers: encoded.notModified });
  return new Response(encoded.body, { headers: encoded.prepared });
}

function encodedBody(bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string>): EncodedBody {
  const { "content-type": _type, "content-encoding": _encoding, ...notModified } = headers;
  return { body: new Blob([bytes]), etag: headers.etag!, headers, prepared: new Headers(headers), notModified: new Headers(notModified) };
}

/**
 * `answerHeaders` are what the app's hooks add to every answer (security headers, HSTS in production), baked in
 * so a hit is one prepared Headers handed to Response, and an early hit (early-cache-hits.ts), which runs no hooks,
 * carries them all the same.
 */
function build(body: string, contentType: string, answerHeaders: Record<string, string>): CachedResponse {
  const bytes = encoder.encode(body);
  const etag = `"${Bun.hash(bytes).toString(36)}"`;
  // no-cache: browsers and CDNs may keep it but revalidate, so a new render shows at once (304 otherwise).
  const headers = { ...answerHeaders, "content-type": contentType, etag, "cache-control": "public, no-cache", vary: "Accept-Encoding" };
  return { identity: encodedBody(bytes, headers), bytes, size: bytes.byteLength };
}

/** The entry's body in `encoding`, compressing it the first time; small bodies stay identity. */
function encodedVariant(entry: CachedResponse, encoding: Encoding): EncodedBody {
  if (encoding === "identity" || entry.size < MIN_COMPRESSIBLE_BYTES) return entry.identity;
  const existing = entry[encoding];
  if (existing) return existing;
  // A distinct ETag per encoding: a cache in between must never answer a gzip client's revalidation with br bytes.
  const etag = `${entry.identity.etag.slice(0, -1)}-${encoding}"`;
  const variant = encodedBody(compress(entry.bytes!, encoding), { ...entry.identity.headers, etag, "content-encoding": encoding });
  entry[encoding] = variant;
  if (entry.br && entry.gzip) entry.bytes = undefined;
  return variant;
}

/**
 * Entries are dropped when the gallery version `readVersion` reports moves (gallery-version-source.ts: on SQLite at
 * once for this process's writes and within MAX_STALE_MS for other processes'; on PostgreSQL by notification, or
 * within one re-read interval).
 */
export function createResponseCache(readVersion: () => number, config: Pick<Config, "responseCache" | "isProduction">): ResponseCache {
  const enabled = config.responseCache;
  const answerHeaders = () => ({ ...SECURITY_HEADERS, ...transportHeaders(config) });
  const entries = new Map<string, CachedResponse>();
  let version = -1;
  const currentEntries = () => {
    const current = readVersion();
    if (current !== version) {
      entries.clear();
      version = current;
    }
    return entries;
  };
  const encodingOf = (request: Request) => chooseEncoding(request.headers.get("accept-encoding"));
  /** Stores a page rendered at `renderedAt` only if the gallery has not moved meanwhile (an async render can straddle a write). */
  const store = (key: string, entry: CachedResponse, renderedAt: number) => {
    currentEntries();
    if (version !== renderedAt) return;
    if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
  };
  return {
    respond(request, key, contentType, render, options) {
      const respondWith = (body: string) => answer(request, encodedVariant(build(body, contentType, answerHeaders()), encodingOf(request)));
      if (!enabled) {
        const body = render();
        return typeof body === "string" ? respondWith(body) : body.then(respondWith);
      }
      const hit = currentEntries().get(key);
      if (hit) return answer(request, encodedVariant(hit, encodingOf(request)));
      const renderedAt = version;
      const keep = (body: string) => {
        const entry = build(body, contentType, answerHeaders());
        entry.earlyRoute = options?.earlyRoute;
        store(key, entry, renderedAt);
        return answer(request, encodedVariant(entry, encodingOf(request)));
      };
      const body = render();
      return typeof body === "string" ? keep(body) : body.then(keep);
    },
    earlyHit(request) {
      if (!enabled) return undefined;
      // The request's own path and query as the key: `publicCacheKey` stores an entry under it only when every
      // parameter in it is one the route reads, so a URL with any other parameter misses here (and is routed).
      const entry = currentEntries().get(request.url.slice(pathStartOf(request.url)));
      if (!entry?.earlyRoute) return undefined;
      return { response: answer(request, encodedVariant(entry, encodingOf(request))), route: entry.earlyRoute };
    },
  };
}
