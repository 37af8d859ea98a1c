// Hardening at the HTTP edge (issue 11): the configured origin only, client addresses from trusted proxies only,
// built-in names and lost files get the app's own 404, text cleaned once with the same caps everywhere, cache
// keys that ignore unknown parameters, and HSTS in production.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

const STRONG_SECRET = "k3J9x!Qz7Lm2Vb8Rt5Yw1Np4Hs6Dc0Fg";
const LOCAL = "http://localhost";

let t: TestApp;
beforeAll(() => {
  t = createTestApp({ RATE_LIMIT_GENERATION_PER_MINUTE: "100000" });
});
afterAll(() => t.cleanup());

function grant(app: TestApp, userId: number, credits: number) {
  app.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'test_grant')").run(userId, credits);
}

describe("origin is the configured origin (BASE_URL)", () => {
  test("a spoofed Host with a matching Origin is refused; BASE_URL's origin is accepted whatever the Host", async () => {
    const site = createTestApp({ BASE_URL: "https://gallery.example" });
    try {
      const post = (url: string, origin: string) =>
        site.app.handle(new Request(url, { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ email: "o@example.com" }) }));
      const spoofed = await post("http://evil.example/auth/dev", "http://evil.example");
      expect(spoofed.status).toBe(403);
      expect((await spoofed.json()).error).toContain("must come from the AI Gallery site");
      expect((await post("http://localhost/auth/dev", "http://localhost")).status).toBe(403);
      expect((await post("http://10.0.0.7:8000/auth/dev", "https://gallery.example")).status).toBe(200);
    } finally {
      site.cleanup();
    }
  });
});

describe("client address for rate limits", () => {
  async function signInsFrom(env: Record<string, string>, forwardedFor: string[]): Promise<number[]> {
    const proxied = createTestApp({ RATE_LIMIT_AUTH_PER_MINUTE: "2", ...env });
    const origin = `http://127.0.0.1:${proxied.listen().port}`;
    try {
      const statuses: number[] = [];
      for (const hop of forwardedFor) {
        const response = await fetch(`${origin}/auth/dev`, {
          method: "POST",
          headers: { origin, "content-type": "application/json", "x-forwarded-for": hop },
          body: JSON.stringify({ email: "hop@example.com" }),
        });
        statuses.push(response.status);
      }
      return statuses;
    } finally {
      await proxied.app.stop(true);
      proxied.cleanup();
    }
  }

  test("X-Forwarded-For is ignored unless the peer is a TRUSTED_PROXY", async () => {
    expect(await signInsFrom({}, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])).toEqual([200, 200, 429]);
  });

  test("behind a trusted proxy each client has its own limit, and a client cannot forge an earlier hop", async () => {
    expect(await signInsFrom({ TRUSTED_PROXY: "127.0.0.1" }, ["203.0.113.1", "203.0.113.2", "203.0.113.3"])).toEqual([200, 200, 200]);
    // The proxy appends the real client last: whatever a client puts first is not its address.
    expect(await signInsFrom({ TRUSTED_PROXY: "127.0.0.1" }, ["1.1.1.1, 203.0.113.9", "2.2.2.2, 203.0.113.9", "3.3.3.3, 203.0.113.9"])).toEqual([200, 200, 429]);
  });
});

describe("no side doors", () => {
  test.each(["/constructor", "/__proto__", "/toString", "/hasOwnProperty", "/valueOf"])("%s is the ordinary 404 page", async (path) => {
    const response = await t.request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("We couldn’t find that page.");
  });

  test("a lost file behind a valid id is the app's 404 page with its security headers", async () => {
    const unlocked = createTestApp({ UNLOCK_THRESHOLD_CENTS: "0", RATE_LIMIT_UPLOAD_PER_MINUTE: "100000" });
    try {
      const { cookie } = await signIn(unlocked, "lost@example.com");
      const renderId = insertRender(unlocked.sqlite);
      const photo = new FormData();
      photo.append("file", new File([await sharp({ create: { width: 64, height: 64, channels: 3, background: "#884422" } }).jpeg().toBuffer()], "p.jpg"));
      const upload = await (await unlocked.request("/upload", { method: "POST", body: photo, headers: { cookie, origin: LOCAL } })).json();
      const { path } = unlocked.sqlite.query("SELECT path FROM uploads WHERE id = ?").get(upload.upload_id) as { path: string };
      rmSync(join(unlocked.config.dataDir, path));

      for (const url of [`/r/${renderId}/download`, `/uploads/${upload.upload_id}`]) {
        const response = await unlocked.request(url, { headers: { cookie } });
        expect({ url, status: response.status }).toEqual({ url, status: 404 });
        expect(response.headers.get("content-type")).toStartWith("text/html");
        expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
        const html = await response.text();
        expect(html).toContain("Nothing here");
        expect(html).not.toContain(unlocked.config.dataDir);
      }
    } finally {
      unlocked.cleanup();
    }
  });
});

describe("text is cleaned once, at the edge, with the same caps everywhere", () => {
  test("control characters, NUL, bidi overrides and zero-width characters are stripped from prompts and phrases", async () => {
    const { cookie, userId } = await signIn(t, "dirty@example.com");
    grant(t, userId, 100);
    const response = await t.request("/matrix", {
      method: "POST",
      headers: { cookie, origin: LOCAL, "content-type": "application/json" },
      body: JSON.stringify({
        base_prompts: ["a red\u0007 fox\u0000"],
        style_phrases: ["oil\u202e painting\u202c", "ink\u200b wash\ufeff", "\u2066neon\u2069 \u200dglow"],
        model_keys: ["local:paint"],
      }),
    });
    expect(response.status).toBe(200);
    const { matrix_run_id } = await response.json();
    const rows = t.sqlite.query("SELECT base_prompt, style_phrase, effective_prompt FROM renders WHERE matrix_run_id = ? ORDER BY style_phrase").all(matrix_run_id);
    expect(rows).toEqual([
      { base_prompt: "a red fox", style_phrase: "ink wash", effective_prompt: "a red fox, ink wash" },
      { base_prompt: "a red fox", style_phrase: "neon glow", effective_prompt: "a red fox, neon glow" },
      { base_prompt: "a red fox", style_phrase: "oil painting", effective_prompt: "a red fox, oil painting" },
    ]);
  });

  test("a form post is cleaned the same way", async () => {
    const { cookie, userId } = await signIn(t, "form@example.com");
    grant(t, userId, 100);
    const body = new URLSearchParams({ base_prompts: "a tin\u0000 robot", style_phrases: "pixel\u200b art\u202e", model_keys: "local:paint" });
    const response = await t.request("/matrix", { method: "POST", headers: { cookie, origin: LOCAL, "content-type": "application/x-www-form-urlencoded" }, body: body.toString() });
    expect(response.status).toBe(303);
    const runId = response.headers.get("location")!.split("/").pop();
    expect(t.sqlite.query("SELECT base_prompt, style_phrase FROM renders WHERE matrix_run_id = ?").get(runId!)).toEqual({ base_prompt: "a tin robot", style_phrase: "pixel art" });
  });

  test.each([
    ["a style phrase of 121 characters (array)", { style_phrases: ["s".repeat(121)], base_prompts: ["a fox"] }, "style_phrases"],
    ["a style phrase of 121 characters (one per line)", { style_phrases: `oil\n${"s".repeat(121)}`, base_prompts: "a fox" }, "style_phrases"],
    ["a base prompt of 401 characters (one per line)", { style_phrases: "oil", base_prompts: `a fox\n${"p".repeat(401)}` }, "base_prompts"],
  ])("/matrix refuses %s, as /apply-style would, and writes nothing", async (_name, fields, field) => {
    const { cookie, userId } = await signIn(t, `caps-${field}@example.com`);
    grant(t, userId, 100);
    const before = (t.sqlite.query("SELECT count(*) AS n FROM renders").get() as { n: number }).n;
    const response = await t.request("/matrix", {
      method: "POST",
      headers: { cookie, origin: LOCAL, "content-type": "application/json" },
      body: JSON.stringify({ model_keys: ["local:paint"], ...fields }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(field);
    expect((t.sqlite.query("SELECT count(*) AS n FROM renders").get() as { n: number }).n).toBe(before);
  });
});

describe("response cache keys", () => {
  test("unknown query parameters hit the same entry and evict nothing", async () => {
    insertRender(t.sqlite, { stylePhrase: "cache probe", basePrompt: "a lighthouse" });
    const first = await (await t.request("/style/cache-probe")).text();
    expect(first).toContain("a lighthouse");
    // Changes what a fresh render of the page would show, without touching the gallery version.
    t.sqlite.query("UPDATE renders SET base_prompt = 'a submarine' WHERE style_slug = 'cache-probe'").run();
    for (let i = 0; i < 2100; i++) {
      const busted = await t.request(`/style/cache-probe?bust=${i}&utm_source=x${i}`);
      if (i === 0) expect(await busted.text()).toContain("a lighthouse");
    }
    expect(await (await t.request("/style/cache-probe")).text()).toContain("a lighthouse");
  });

  test("the parameters a route reads still make distinct entries", async () => {
    insertRender(t.sqlite, { stylePhrase: "distinct alpha" });
    insertRender(t.sqlite, { stylePhrase: "distinct beta" });
    const alpha = await (await t.request("/search?q=alpha&bust=1")).json();
    const beta = await (await t.request("/search?q=beta&bust=1")).json();
    expect(alpha.results.map((r: { style_phrase: string }) => r.style_phrase)).toEqual(["distinct alpha"]);
    expect(beta.results.map((r: { style_phrase: string }) => r.style_phrase)).toEqual(["distinct beta"]);
  });
});

describe("HSTS", () => {
  test("production sends Strict-Transport-Security on pages, cached pages, JSON and errors; development does not", async () => {
    const production = createTestApp({ NODE_ENV: "production", SECRET_KEY: STRONG_SECRET, BASE_URL: "https://gallery.example" });
    try {
      for (const path of ["/", "/", "/health", "/nowhere", "/style/nothing"]) {
        const response = await production.request(path);
        expect({ path, hsts: response.headers.get("strict-transport-security") }).toEqual({ path, hsts: "max-age=31536000; includeSubDomains" });
      }
    } finally {
      production.cleanup();
    }
    expect((await t.request("/")).headers.get("strict-transport-security")).toBeNull();
  });
});
