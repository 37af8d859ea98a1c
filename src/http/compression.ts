// Content negotiation for compressed bodies: which encoding a client takes, and compressing bytes into it.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Encoding = "br" | "gzip" | "identity";

/** Below this a compressed body saves less than the work and the extra header cost. */
export const MIN_COMPRESSIBLE_BYTES = 1024;

// Quality 5 compresses a 100 KB page in about a millisecond, within a few percent of quality 11's size on HTML
// (measured in bench:web); cached pages pay it once per gallery version, uncached ones on every request.
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

// Clients send a handful of distinct Accept-Encoding values; each is parsed once, not on every request.
const chosen = new Map<string, Encoding>();
const MAX_REMEMBERED = 64;

/** br when accepted, then gzip, else identity; `q=0` refuses an encoding, as RFC 9110 says. */
export function chooseEncoding(acceptEncoding: string | null): Encoding {
  if (!acceptEncoding) return "identity";
  let encoding = chosen.get(acceptEncoding);
  if (encoding === undefined) {
    if (chosen.size >= MAX_REMEMBERED) chosen.clear();
    chosen.set(acceptEncoding, (encoding = parseAcceptEncoding(acceptEncoding)));
  }
  return encoding;
}

function parseAcceptEncoding(acceptEncoding: string): Encoding {
  let br = false;
  let gzip = false;
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const refused = params.some((param) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(param));
    if (refused) continue;
    if (name === "br") br = true;
    else if (name === "gzip" || name === "x-gzip") gzip = true;
    else if (name === "*") {
      br = true;
      gzip = true;
    }
  }
  return br ? "br" : gzip ? "gzip" : "identity";
}

export function compress(bytes: Uint8Array, encoding: Exclude<Encoding, "identity">): Uint8Array<ArrayBuffer> {
  const output =
    encoding === "br"
      ? brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
          },
        })
      : gzipSync(bytes, { level: GZIP_LEVEL });
  return new Uint8Array(output.buffer as ArrayBuffer, output.byteOffset, output.byteLength);
}

/** Text types worth compressing; images, archives and event streams are not (already compressed, or streamed). */
export function isCompressibleType(contentType: string | null): boolean {
  if (!contentType) return false;
  return /^(text\/(html|css|javascript|plain|csv)|application\/(json|javascript|xml)|image\/svg\+xml)/.test(contentType);
}

/**
 * Compresses an uncached answer on its way out (pages like /account, JSON such as /search) when the client
 * accepts it and the body is text over MIN_COMPRESSIBLE_BYTES; anything else passes through untouched, and
 * synchronously: cached pages (already negotiated, so they carry Vary) and streams are never read here.
 */
export function compressOnTheFly(request: Request, response: Response): Response | Promise<Response> {
  if (response.status === 204 || response.status === 304 || request.method === "HEAD") return response;
  const headers = response.headers;
  if (headers.has("content-encoding") || negotiated(headers) || !isCompressibleType(headers.get("content-type"))) return response;
  const encoding = chooseEncoding(request.headers.get("accept-encoding"));
  if (encoding === "identity") return response;
  return compressBody(response, encoding);
}

/** A response that already chose its encoding by Accept-Encoding (a cached page, even one too small to compress). */
function negotiated(headers: Headers): boolean {
  return headers.get("vary")?.toLowerCase().includes("accept-encoding") ?? false;
}

async function compressBody(response: Response, encoding: Exclude<Encoding, "identity">): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.append("vary", "Accept-Encoding");
  if (bytes.byteLength < MIN_COMPRESSIBLE_BYTES) return new Response(bytes, { status: response.status, headers });
  headers.set("content-encoding", encoding);
  headers.delete("content-length");
  return new Response(compress(bytes, encoding), { status: response.status, statusText: response.statusText, headers });
}
