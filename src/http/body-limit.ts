// The `bodyLimit` route option: every POST route declares how big its body may be. Content-Length is judged
// before a byte is read, a body without one is cut off at the cap while it streams, a body that trickles is
// dropped after a timeout, and the bytes are decoded (JSON, form, multipart, or raw text) here, not by Elysia.
import { Elysia, type DocumentDecoration } from "elysia";
import type { Config } from "../config";
import { cleanStrings } from "./clean-text";
import { HttpError } from "./http-error";

/** `json`: JSON or form fields (64 KB); `upload`: a multipart photo; `webhook`: Stripe's raw, signed payload. */
export type BodyKind = "json" | "upload" | "webhook";

export const JSON_BODY_LIMIT = 64 * 1024;
export const WEBHOOK_BODY_LIMIT = 512 * 1024;
/** Multipart framing around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

export function bodyCap(kind: BodyKind, config: Config): number {
  if (kind === "upload") return config.uploads.maxBytes + MULTIPART_OVERHEAD;
  return kind === "webhook" ? WEBHOOK_BODY_LIMIT : JSON_BODY_LIMIT;
}

function tooLarge(kind: BodyKind, config: Config): HttpError {
  if (kind === "upload") return new HttpError(413, `The file is larger than ${Math.floor(config.uploads.maxBytes / 1_048_576)} MB.`);
  return new HttpError(413, `The request body is larger than ${Math.floor(bodyCap(kind, config) / 1024)} KB.`);
}

/** The body's bytes, refusing more than `cap` and giving up after `timeoutMs` in all. */
export async function readCapped(stream: ReadableStream<Uint8Array>, cap: number, timeoutMs: number, onTooLarge: () => Error): Promise<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: Timer | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(408, "The request body took too long to arrive.")), timeoutMs);
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      total += value.byteLength;
      if (total > cap) throw onTooLarge();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return Bun.concatArrayBuffers(chunks, Infinity, true);
}

const DANGEROUS_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Form fields as Elysia would give them: one value as is, a repeated field as an array. */
function fieldsOf(entries: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (DANGEROUS_KEYS.has(key)) continue;
    const existing = fields[key];
    fields[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

async function decode(bytes: Uint8Array<ArrayBuffer>, contentType: string): Promise<unknown> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const text = () => new TextDecoder().decode(bytes);
  try {
    if (type === "application/json") return JSON.parse(text());
    if (type === "application/x-www-form-urlencoded") return fieldsOf(new URLSearchParams(text()));
    if (type === "multipart/form-data") return fieldsOf(await new Response(bytes, { headers: { "content-type": contentType } }).formData());
  } catch {
    throw new HttpError(400, "The request body could not be parsed");
  }
  if (type === "text/plain") return text();
  throw new HttpError(415, "Send JSON, a form, or multipart form data.");
}

/** The media types each kind of body may come as (what `decode` reads), for the OpenAPI description. */
export const BODY_MEDIA_TYPES: Record<BodyKind, string[]> = {
  json: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"],
  upload: ["multipart/form-data"],
  webhook: ["application/json"],
};

/** The OpenAPI extension naming a route's body media types: Elysia cannot tell them, as the body is read here. */
export const BODY_MEDIA_TYPES_KEY = "x-body-media-types";

export function bodyLimitPlugin(config: Config) {
  return new Elysia({ name: "body-limit" }).macro({
    bodyLimit: (kind: BodyKind) => ({
      detail: { [BODY_MEDIA_TYPES_KEY]: BODY_MEDIA_TYPES[kind] } as DocumentDecoration,
      // Named: the route-options test checks that every POST route has it, after the sign-in gate.
      parse: async function readCappedBody({ request }) {
        const cap = bodyCap(kind, config);
        const declared = request.headers.get("content-length");
        if (declared !== null && Number(declared) > cap) throw tooLarge(kind, config);
        if (!request.body) return kind === "webhook" ? "" : undefined;
        const bytes = await readCapped(request.body, cap, config.http.bodyTimeoutMs, () => tooLarge(kind, config));
        if (kind === "webhook") return new TextDecoder().decode(bytes);
        // The stream is spent: an empty body is an empty object here, for the route's schema to judge.
        if (bytes.byteLength === 0) return {};
        return cleanStrings(await decode(bytes, request.headers.get("content-type") ?? ""));
      },
    }),
  });
}
