// `Authorization: Bearer aig_…` on the JSON API: which routes a key may call and with which scope, checked once per
// request before anything else; the key's holder is then what the auth plugin and the rate limits see.
import type { Data } from "../../db/data";
import { errorResponse } from "../../http/errors";
import { findKeyHolder, type KeyHolder, type Scope } from "./keys";

/** The JSON API a key may call: reads need `read`, anything that starts or stops work needs `generate`. */
const KEY_ROUTES: { method: "GET" | "POST"; path: RegExp; scope: Scope }[] = [
  { method: "GET", path: /^\/me$/, scope: "read" },
  { method: "GET", path: /^\/search$/, scope: "read" },
  { method: "GET", path: /^\/render\/[^/]+$/, scope: "read" },
  { method: "GET", path: /^\/render\/[^/]+\/events$/, scope: "read" },
  { method: "GET", path: /^\/matrix\/[^/]+\/events$/, scope: "read" },
  { method: "POST", path: /^\/upload$/, scope: "generate" },
  { method: "POST", path: /^\/apply-style$/, scope: "generate" },
  { method: "POST", path: /^\/matrix$/, scope: "generate" },
  { method: "POST", path: /^\/matrix\/[^/]+\/cancel$/, scope: "generate" },
];

const holders = new WeakMap<Request, KeyHolder>();

/** The key string when the request presents one (any `Bearer` credential counts, valid or not). */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : header.toLowerCase().startsWith("bearer") ? "" : null;
}

/** The key this request was authenticated with (set by `admitKeyRequest`), or undefined for cookie/anonymous requests. */
export function keyHolderOf(request: Request): KeyHolder | undefined {
  return holders.get(request);
}

/**
 * For a request carrying a bearer key: 401 for an unknown or revoked key, 403 for a route keys cannot use or a
 * scope the key lacks; otherwise records the holder and answers nothing. Requests without a key pass untouched.
 */
export async function admitKeyRequest(request: Request, data: Data): Promise<Response | undefined> {
  const token = bearerToken(request);
  if (token === null) return undefined;
  const holder = token ? await findKeyHolder(data, token) : null;
  const challenge = { "www-authenticate": 'Bearer realm="AI Gallery"' };
  if (!holder) return errorResponse(request, 401, "This API key is not valid (unknown or revoked).", undefined, challenge, true);
  const method = request.method === "HEAD" ? "GET" : request.method;
  const path = new URL(request.url).pathname;
  const route = KEY_ROUTES.find((candidate) => candidate.method === method && candidate.path.test(path));
  if (!route) return errorResponse(request, 403, "API keys work only on the JSON API (see /docs); sign in for everything else.", undefined, undefined, true);
  if (!holder.scopes.includes(route.scope)) {
    return errorResponse(request, 403, `This API key lacks the "${route.scope}" scope needed for ${method} ${path}.`, { required_scope: route.scope }, undefined, true);
  }
  holders.set(request, holder);
  return undefined;
}
