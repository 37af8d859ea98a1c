// The exact headers each kind of answer carries in production, so making the cached path cheaper cannot change
// what a client sees: cached pages in every encoding, a revalidation, a page built per request, JSON, an asset,
// an error and a redirect. Every answer has its own request id, and every request is logged once with its route.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
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

beforeAll(() => {
  t = createTestApp({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET, BASE_URL: "https://gallery.example" });
  for (const basePrompt of ["a red fox", "a lighthouse", "a robot", "a bowl of fruit"]) {
    insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting", modelKey: "local:paint" });
  }
  // Over real HTTP: Content-Length and the rest are what a client receives, not what app.handle returns.
  t.app.listen({ port: 0, hostname: "127.0.0.1" });
  origin = `http://127.0.0.1:${t.app.server!.port}`;
});
afterAll(async () => {
  await t.app.stop(true);
  t.cleanup();
});

/** The response's headers as a plain object, the request id checked and left out (it differs on every answer). */
async function headersOf(path: string, init?: RequestInit): Promise<{ status: number; headers: Record<string, string>; requestId: string }> {
  const response = await fetch(`${origin}${path}`, { redirect: "manual", decompress: false, ...init } as RequestInit);
  await response.arrayBuffer();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "x-request-id" && name !== "date") headers[name] = value;
  });
  const requestId = response.headers.get("x-request-id") ?? "";
  expect(requestId).toMatch(UUID);
  return { status: response.status, headers, requestId };
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

  test("every request is logged once with its route pattern and status, cached hits included", async () => {
    using logs = captureLogs(/^request$/);
    const answers = [
      await headersOf("/style/oil-painting", { headers: { "accept-encoding": "br" } }),
      await headersOf("/style/oil-painting", { headers: { "accept-encoding": "br" } }),
      await headersOf("/nowhere"),
    ];
    const ids = answers.map((answer) => answer.requestId);
    const ours = () => logs.entries.filter((entry) => ids.includes(String(entry.fields?.id)));
    // The log line is written after the answer has gone out.
    for (let i = 0; i < 100 && ours().length < 3; i++) await Bun.sleep(5);
    expect(ours().map((entry) => ({ id: entry.fields?.id, method: entry.fields?.method, route: entry.fields?.route, status: entry.fields?.status, user: entry.fields?.user }))).toEqual([
      { id: ids[0], method: "GET", route: "/style/:slug", status: 200, user: undefined },
      { id: ids[1], method: "GET", route: "/style/:slug", status: 200, user: undefined },
      { id: ids[2], method: "GET", route: "/:asset", status: 404, user: undefined },
    ]);
  });
});
