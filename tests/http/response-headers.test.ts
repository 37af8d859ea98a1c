// The exact headers each kind of answer carries in production, so making the cached path cheaper cannot change
// what a client sees: cached pages in every encoding, a revalidation, a page built per request, JSON, an asset,
// an error and a redirect. Served as production serves them, cached pages answered before routing
// (early-cache-hits.ts): such a hit is the app's own answer, header for header and byte for byte. Every answer
// has its own request id; every request the app routes is logged once with its route, and every hit counted.
import type { Server } from "bun";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { metrics } from "../../src/metrics/registry";
import { captureLogs } from "../helpers/logs";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

const STRONG_SECRET = "k3J9x!Qz7Lm2Vb8Rt5Yw1Np4Hs6Dc0Fg";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const SECURITY = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "cross-origin-opener-policy": "same-origin",
  "referrer-policy": "strict-origin-when-cross-origin",
  "strict-transport-security": "max-age=31536000; includeSubDomains",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
};

let t: TestApp;
let origin: string;
/** The same app and cache with every request routed by Elysia (no early hits): what a hit must look like. */
let appOnly: Server<undefined>;
let appOnlyOrigin: string;

beforeAll(() => {
  t = createTestApp({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET, BASE_URL: "https://gallery.example" });
  for (const basePrompt of ["a red fox", "a lighthouse", "a robot", "a bowl of fruit"]) {
    insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting", modelKey: "local:paint" });
  }
  // Over real HTTP: Content-Length and the rest are what a client receives, not what app.handle returns.
  origin = `http://127.0.0.1:${t.listen().port}`;
  appOnly = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => t.app.fetch(request) });
  appOnlyOrigin = `http://127.0.0.1:${appOnly.port}`;
});
afterAll(async () => {
  await appOnly.stop(true);
  await t.app.stop(true);
  t.cleanup();
});

/** The answer as a client gets it, bytes as sent; the request id checked and left out (it differs on every answer). */
async function answerOf(base: string, path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, { redirect: "manual", decompress: false, ...init } as RequestInit);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "x-request-id" && name !== "date") headers[name] = value;
  });
  const requestId = response.headers.get("x-request-id") ?? "";
  expect(requestId).toMatch(UUID);
  return { status: response.status, headers, bytes, requestId };
}

/** The response's headers as a plain object, from the server production runs. */
async function headersOf(path: string, init?: RequestInit): Promise<{ status: number; headers: Record<string, string>; requestId: string }> {
  const { status, headers, requestId } = await answerOf(origin, path, init);
  return { status, headers, requestId };
}

/** Ids the request log has written, once `sentinel`'s line (a request made last) is among them. */
async function loggedIds(logs: { entries: { fields?: Record<string, unknown> }[] }, sentinel: string): Promise<string[]> {
  const ids = () => logs.entries.map((entry) => String(entry.fields?.id));
  // The log line is written after the answer has gone out.
  for (let i = 0; i < 100 && !ids().includes(sentinel); i++) await Bun.sleep(5);
  expect(ids()).toContain(sentinel);
  return ids();
}

/** GET requests counted for a route and status in gallery_http_requests_total, in this process so far. */
function requestsCounted(route: string, status: number): number {
  const prefix = `gallery_http_requests_total{method="GET",route="${route}",status="${status}"} `;
  const line = metrics.requests.render().find((candidate) => candidate.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

/** Content-Length and ETag values depend on the page's bytes: only their presence and shape are fixed. */
function withoutBodyFacts(headers: Record<string, string>): Record<string, string> {
  const { "content-length": length, etag, ...rest } = headers;
  return { ...rest, ...(length === undefined ? {} : { "content-length": "<n>" }), ...(etag === undefined ? {} : { etag: etag.replace(/^"[0-9a-z]+/, '"<hash>') }) };
}

describe("headers in production", () => {
  test("a cached page carries the same headers on a miss and on every hit, in each encoding", async () => {
    for (const [encoding, suffix] of [["identity", ""], ["br", "-br"], ["gzip", "-gzip"]] as const) {
      const expected = {
        ...SECURITY,
        "cache-control": "public, no-cache",
        ...(encoding === "identity" ? {} : { "content-encoding": encoding }),
        "content-length": "<n>",
        "content-type": "text/html; charset=utf-8",
        etag: `"<hash>${suffix}"`,
        vary: "Accept-Encoding",
      };
      const init = { headers: { "accept-encoding": encoding } };
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) {
        const { status, headers, requestId } = await headersOf("/style/oil-painting", init);
        expect({ encoding, status, headers: withoutBodyFacts(headers) }).toEqual({ encoding, status: 200, headers: expected });
        ids.add(requestId);
      }
      expect(ids.size).toBe(3);
    }
  });

  test("a revalidation answers 304 with the ETag, cache policy, Vary and the security headers", async () => {
    const { headers: first } = await headersOf("/", { headers: { "accept-encoding": "br" } });
    const { status, headers } = await headersOf("/", { headers: { "accept-encoding": "br", "if-none-match": first.etag! } });
    expect(status).toBe(304);
    expect(headers).toEqual({ ...SECURITY, "cache-control": "public, no-cache", etag: first.etag!, vary: "Accept-Encoding" });
  });

  test("cached JSON, a page built per request, an asset, an error and a redirect keep their headers", async () => {
    const styles = await headersOf("/styles", { headers: { "accept-encoding": "br" } });
    expect(withoutBodyFacts(styles.headers)).toEqual({
      ...SECURITY,
      "cache-control": "public, no-cache",
      "content-length": "<n>",
      "content-type": "application/json",
      etag: '"<hash>"',
      vary: "Accept-Encoding",
    });
    const signIn = await headersOf("/sign-in", { headers: { "accept-encoding": "gzip" } });
    expect(signIn.status).toBe(200);
    expect(withoutBodyFacts(signIn.headers)).toEqual({ ...SECURITY, "content-encoding": "gzip", "content-length": "<n>", "content-type": "text/html; charset=utf-8", vary: "Accept-Encoding" });
    const health = await headersOf("/health");
    expect(withoutBodyFacts(health.headers)).toEqual({ ...SECURITY, "content-length": "<n>", "content-type": "application/json;charset=utf-8" });
    const missing = await headersOf("/nowhere");
    expect(missing.status).toBe(404);
    expect(withoutBodyFacts(missing.headers)).toEqual({ ...SECURITY, "cache-control": "no-store", "content-length": "<n>", "content-type": "text/html; charset=utf-8" });
    const account = await headersOf("/account");
    expect(account.status).toBe(302);
    // A sign-in redirect is answered by Elysia's redirect, which carries no page and so no page policy.
    expect(withoutBodyFacts(account.headers)).toEqual({
      "content-length": "<n>",
      location: "/sign-in?next=/account",
      "strict-transport-security": SECURITY["strict-transport-security"],
    });
  });

  test("a cached page answered before routing is the app's own answer: status, headers and bytes, in each encoding and as a 304", async () => {
    using logs = captureLogs(/^request$/);
    const earlyIds: string[] = [];
    for (const path of ["/", "/style/oil-painting", "/explore?q=fox", "/pricing", "/styles", "/search?q=fox"]) {
      for (const encoding of ["identity", "br", "gzip"]) {
        const init = { headers: { "accept-encoding": encoding } };
        // Routed by the app first: the entry exists, and this is the answer a hit must repeat.
        const routed = await answerOf(appOnlyOrigin, path, init);
        const early = await answerOf(origin, path, init);
        expect({ path, encoding, status: early.status, headers: early.headers, bytes: early.bytes }).toEqual({ path, encoding, status: 200, headers: routed.headers, bytes: routed.bytes });
        const revalidate = { headers: { ...init.headers, "if-none-match": routed.headers.etag! } };
        const routed304 = await answerOf(appOnlyOrigin, path, revalidate);
        const early304 = await answerOf(origin, path, revalidate);
        expect({ path, encoding, status: early304.status, headers: early304.headers, bytes: early304.bytes }).toEqual({ path, encoding, status: 304, headers: routed304.headers, bytes: routed304.bytes });
        earlyIds.push(early.requestId, early304.requestId);
      }
    }
    // Proof they were answered early: the app logs every request it routes, and none of these.
    const logged = await loggedIds(logs, (await answerOf(appOnlyOrigin, "/health")).requestId);
    expect(earlyIds.filter((id) => logged.includes(id))).toEqual([]);
  });

  test("every request the app routes is logged once with its route pattern and status; a hit answered before routing is counted, not logged", async () => {
    using logs = captureLogs(/^request$/);
    const countedBefore = requestsCounted("/style/:slug", 200);
    const answers = [
      // A parameter the route ignores: routed, and answered from the same cache entry.
      await headersOf("/style/oil-painting?utm_source=log-test", { headers: { "accept-encoding": "br" } }),
      await headersOf("/style/oil-painting", { headers: { "accept-encoding": "br" } }),
      await headersOf("/nowhere"),
    ];
    const ids = answers.map((answer) => answer.requestId);
    const logged = await loggedIds(logs, ids[2]!);
    const ours = logs.entries.filter((entry) => ids.includes(String(entry.fields?.id)));
    expect(logged).not.toContain(ids[1]);
    expect(ours.map((entry) => ({ id: entry.fields?.id, method: entry.fields?.method, route: entry.fields?.route, status: entry.fields?.status, user: entry.fields?.user }))).toEqual([
      { id: ids[0], method: "GET", route: "/style/:slug", status: 200, user: undefined },
      { id: ids[2], method: "GET", route: "/:asset", status: 404, user: undefined },
    ]);
    expect(requestsCounted("/style/:slug", 200)).toBe(countedBefore + 2);
  });
});
