// API keys over HTTP: created once and stored only as a hash, listed, revoked at once; bearer requests within their
// scopes, exempt from the Origin check (cookie requests are not), rate-limited per key; managed from /account.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn, ORIGIN } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { createApiKey } from "../../src/features/api-keys/keys";
import { sqliteData } from "../../src/db/data";

let t: TestApp;
let cookie: string;
let userId: number;

beforeAll(async () => {
  t = createTestApp({ RATE_LIMIT_GENERATION_PER_MINUTE: "3" });
  ({ cookie, userId } = await signIn(t, "dev@example.com"));
  t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 100, 'test_grant')").run(userId);
});
afterAll(() => t.cleanup());

async function createKey(name: string, scopes: string[]): Promise<{ id: string; key: string }> {
  const response = await t.request("/api-keys", {
    method: "POST",
    headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
    body: JSON.stringify({ name, scopes }),
  });
  expect(response.status).toBe(201);
  return response.json();
}

function withKey(key: string, path: string, init: RequestInit = {}) {
  return t.request(path, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) } });
}

const MATRIX = JSON.stringify({ base_prompts: ["a red fox"], style_phrases: ["ink wash"], model_keys: ["local:paint"] });

describe("API keys", () => {
  test("the key is answered once, with a recognisable prefix; the database keeps only its SHA-256", async () => {
    const created = await createKey("ci", ["read"]);
    expect(created.key).toMatch(/^aig_[A-Za-z0-9_-]{43}$/);
    const rows = t.sqlite.query("SELECT * FROM api_keys WHERE id = ?").all(created.id) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.key.slice(4));
    expect(rows[0]!.hash).toBe(new Bun.CryptoHasher("sha256").update(created.key).digest("hex"));

    const listed = await t.request("/api-keys", { headers: { cookie } });
    const body = await listed.json();
    const mine = body.keys.find((key: { id: string }) => key.id === created.id);
    expect(mine).toMatchObject({ name: "ci", scopes: ["read"], last_used_at: null });
    expect(typeof mine.created_at).toBe("number");
    expect(JSON.stringify(body)).not.toContain(created.key);

    expect((await withKey(created.key, "/me")).status).toBe(200);
    const afterUse = (await (await t.request("/api-keys", { headers: { cookie } })).json()).keys.find((key: { id: string }) => key.id === created.id);
    expect(afterUse.last_used_at).toBeGreaterThan(0);
  });

  test("a bearer key is its owner on /me; an unknown key is 401, not an anonymous visitor", async () => {
    const { key } = await createKey("me", ["read"]);
    const me = await withKey(key, "/me");
    expect(me.status).toBe(200);
    expect((await me.json()).user_id).toBe(userId);
    const forged = await withKey("aig_" + "A".repeat(43), "/me");
    expect(forged.status).toBe(401);
    expect((await forged.json()).error).toContain("not valid");
  });

  test("scopes: a read key cannot start a matrix (403), a generate key can, without any Origin header", async () => {
    const read = await createKey("reader", ["read"]);
    const refused = await withKey(read.key, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toContain('"generate" scope');
    expect(t.sqlite.query("SELECT count(*) AS n FROM matrix_runs").get()).toEqual({ n: 0 });

    const generate = await createKey("writer", ["generate"]);
    const started = await withKey(generate.key, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX });
    expect(started.status).toBe(200);
    expect((await started.json()).matrix_run_id).toBeString();
    // generate alone does not read
    expect((await withKey(generate.key, "/me")).status).toBe(403);
  });

  test("a read key sees its owner's private render and its event stream; without the key they are 404", async () => {
    const { key } = await createKey("private", ["read", "generate"]);
    const started = await withKey(key, "/matrix", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ base_prompts: ["a secret garden"], style_phrases: ["gouache"], model_keys: ["local:pixel"], visibility: "private" }),
    });
    expect(started.status).toBe(200);
    const { matrix_run_id: runId, render_ids: renderIds } = await started.json();
    const renderId = renderIds?.[0] ?? (t.sqlite.query("SELECT id FROM renders WHERE matrix_run_id = ?").get(runId) as { id: string }).id;
    const seen = await withKey(key, `/render/${renderId}`);
    expect(seen.status).toBe(200);
    expect((await seen.json()).visibility).toBe("private");
    expect((await t.request(`/render/${renderId}`, { headers: { accept: "application/json" } })).status).toBe(404);
    const abort = new AbortController();
    const stream = await withKey(key, `/matrix/${runId}/events`, { signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const first = await stream.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain("a secret garden");
    abort.abort();
    expect((await t.request(`/matrix/${runId}/events`)).status).toBe(404);
  });

  test("keys work only on the JSON API: not on key management or pages", async () => {
    const { key } = await createKey("both", ["read", "generate"]);
    expect((await withKey(key, "/api-keys")).status).toBe(403);
    expect((await withKey(key, "/api-keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", scopes: ["read"] }) })).status).toBe(403);
    expect((await withKey(key, "/account")).status).toBe(403);
  });

  test("a revoked key is refused at once (401)", async () => {
    const { id, key } = await createKey("short-lived", ["read"]);
    expect((await withKey(key, "/me")).status).toBe(200);
    const revoked = await t.request(`/api-keys/${id}`, { method: "DELETE", headers: { cookie, origin: ORIGIN } });
    expect(revoked.status).toBe(200);
    expect((await withKey(key, "/me")).status).toBe(401);
    const again = await t.request(`/api-keys/${id}`, { method: "DELETE", headers: { cookie, origin: ORIGIN, accept: "application/json" } });
    expect(again.status).toBe(404);
    const listed = (await (await t.request("/api-keys", { headers: { cookie } })).json()).keys as { id: string }[];
    expect(listed.map((k) => k.id)).not.toContain(id);
  });

  test("Origin: a bearer POST without Origin passes; the same POST with a cookie and no Origin is still refused", async () => {
    const { key } = await createKey("origin", ["generate"]);
    const cancel = await withKey(key, "/matrix/no-such-run/cancel", { method: "POST" });
    expect(cancel.status).toBe(404);
    const cookieOnly = await t.request("/matrix/no-such-run/cancel", { method: "POST", headers: { cookie, accept: "application/json" } });
    expect(cookieOnly.status).toBe(403);
    expect((await cookieOnly.json()).error).toContain("Origin");
    // A bearer request never rides on a cookie: a bad key with a good cookie is still 401.
    const badKeyGoodCookie = await t.request("/me", { headers: { cookie, authorization: "Bearer aig_nope" } });
    expect(badKeyGoodCookie.status).toBe(401);
  });

  test("rate limits count per key (and per account), not per address: another user's key from the same address still passes", async () => {
    // Fresh accounts: the tests above spent some of the first account's budget.
    const busy = await signIn(t, "busy@example.com");
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(busy.userId);
    const first = await createApiKey(sqliteData(t.sqlite), busy.userId, "busy", ["generate"]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await withKey(first.key, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await withKey(first.key, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX });
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    // A second key of the same account does not buy more requests.
    const sameAccount = await createApiKey(sqliteData(t.sqlite), busy.userId, "busy-too", ["generate"]);
    expect((await withKey(sameAccount.key, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX })).status).toBe(429);

    const other = await signIn(t, "other@example.com");
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(other.userId);
    const otherKey = (await createApiKey(sqliteData(t.sqlite), other.userId, "other", ["generate"])).key;
    const passes = await withKey(otherKey, "/matrix", { method: "POST", headers: { "content-type": "application/json" }, body: MATRIX });
    expect(passes.status).toBe(200);
  });

  test("bad input is a clear 400: no scope, an unknown scope, no name", async () => {
    const post = (body: unknown) =>
      t.request("/api-keys", { method: "POST", headers: { cookie, origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify(body) });
    const none = await post({ name: "x", scopes: [] });
    expect(none.status).toBe(400);
    expect((await none.json()).error).toContain("at least one scope");
    const unknown = await post({ name: "x", scopes: ["admin"] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toContain('Unknown scope "admin"');
    expect((await post({ scopes: ["read"] })).status).toBe(400);
    expect((await t.request("/api-keys", { method: "POST", headers: { origin: ORIGIN, "content-type": "application/json" }, body: JSON.stringify({ name: "x", scopes: ["read"] }) })).status).toBe(401);
  });

  test("/account lists keys, creates one by a plain form (shown once, escaped) and revokes by a form", async () => {
    const form = new URLSearchParams([["name", "<b>laptop</b>"], ["scopes", "read"], ["scopes", "generate"]]);
    const created = await t.request("/api-keys", {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("content-type")).toContain("text/html");
    const page = await created.text();
    const key = /data-new-api-key[^>]*>\s*(aig_[A-Za-z0-9_-]+)/.exec(page)?.[1];
    expect(key).toBeString();
    expect(page).toContain("&lt;b&gt;laptop&lt;/b&gt;");
    expect(page).not.toContain("<b>laptop</b>");
    expect((await withKey(key!, "/me")).status).toBe(200);

    const account = await (await t.request("/account", { headers: { cookie } })).text();
    expect(account).toContain("API keys and webhooks");
    expect(account).toContain("&lt;b&gt;laptop&lt;/b&gt;");
    expect(account).not.toContain(key!);
    expect(account).toMatch(/data-signing-secret[^>]*>\s*whsec_/);
    const id = (t.sqlite.query("SELECT id FROM api_keys WHERE name = '<b>laptop</b>'").get() as { id: string }).id;
    expect(account).toContain(`action="/api-keys/${id}/revoke"`);

    const revoked = await t.request(`/api-keys/${id}/revoke`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe("/account#api-keys");
    expect((await withKey(key!, "/me")).status).toBe(401);
  });
});
