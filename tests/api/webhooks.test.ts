// Webhooks over real HTTP: a receiver on 127.0.0.1 gets signed settlement events it verifies with the documented
// scheme; a failing receiver is retried and succeeds; internal targets are refused in production.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Server } from "bun";
import sharp from "sharp";
import { createApiKey } from "../../src/features/api-keys/keys";
import { deliverDueWebhooks } from "../../src/features/webhooks/deliveries";
import { checkWebhookUrl, isPublicAddress } from "../../src/features/webhooks/target";
import { createGenerationEngine, type GenerationEngine } from "../../src/generation/engine";
import type { ProcessedImage } from "../../src/generation/render-files";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;
let engine: GenerationEngine;
let cookie: string;
let key: string;
let receiver: Server<undefined>;
let received: { body: string; signature: string | null }[] = [];
let answers: number[] = [];

beforeAll(async () => {
  t = createTestApp({}, (sqlite, config) => (engine = createGenerationEngine(sqliteData(sqlite), config)));
  const signedIn = await signIn(t, "hooks@example.com");
  cookie = signedIn.cookie;
  t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 50, 'test_grant')").run(signedIn.userId);
  key = (await createApiKey(sqliteData(t.sqlite), signedIn.userId, "hooks", ["read", "generate"])).key;
  receiver = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      received.push({ body: await request.text(), signature: request.headers.get("x-gallery-signature") });
      return new Response("thanks", { status: answers.shift() ?? 200 });
    },
  });
});
afterAll(() => {
  receiver.stop(true);
  t.cleanup();
});

const hookUrl = () => `http://127.0.0.1:${receiver.port}/hooks`;

function postWithKey(path: string, body: unknown) {
  return t.request(path, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** The documented verification: HMAC-SHA256 of "t.body" with the signing secret, compared in constant time, t recent. */
function verify(signature: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(signature.split(",").map((part) => part.split("=", 2) as [string, string]));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && parts.v1!.length === expected.length && timingSafeEqual(Buffer.from(parts.v1!), Buffer.from(expected));
}

async function signingSecretFromAccount(): Promise<string> {
  const page = await (await t.request("/account", { headers: { cookie } })).text();
  return /data-signing-secret[^>]*>\s*(whsec_[A-Za-z0-9_-]+)/.exec(page)![1]!;
}

const IMAGE: ProcessedImage = { imagePath: "/images/x.webp", thumbPath: "/images/x_t.webp", thumb2xPath: "/images/x_t2.webp", fullKey: "x_full.webp", width: 8, height: 8, fullWidth: 8, fullHeight: 8, fullBytes: 8, thumbhash: "x", bytes: 8 };

describe("webhooks", () => {
  test("a matrix run's completion is POSTed once, signed so the receiver can verify it, and listed on the run page", async () => {
    received = [];
    const started = await postWithKey("/matrix", { base_prompts: ["a lighthouse"], style_phrases: ["linocut"], model_keys: ["local:paint"], webhook_url: hookUrl() });
    expect(started.status).toBe(200);
    const runId = (await started.json()).matrix_run_id as string;

    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config)).toBe(0);
    const claimed = (await engine.queue.claimNext("test-worker", ["local:paint"]))!;
    expect((await engine.queue.complete(claimed.id, "test-worker", IMAGE, {}))).toBe(true);
    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config)).toBe(1);

    expect(received).toHaveLength(1);
    const event = JSON.parse(received[0]!.body);
    expect(event.type).toBe("matrix_run.completed");
    expect(event.data).toMatchObject({ id: runId, status: "done", total_cells: 1, done_cells: 1, failed_cells: 0 });
    const secret = await signingSecretFromAccount();
    expect(received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(received[0]!.signature!, received[0]!.body, secret)).toBe(true);
    expect(verify(received[0]!.signature!, received[0]!.body.replace("done", "dune"), secret)).toBe(false);
    expect(verify(received[0]!.signature!, received[0]!.body, "whsec_someone_else")).toBe(false);

    // Delivered once: later sweeps send nothing more.
    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config, Date.now() + 3_600_000)).toBe(0);
    expect(received).toHaveLength(1);

    const page = await (await t.request(`/studio/runs/${runId}`, { headers: { cookie } })).text();
    expect(page).toContain("Webhook deliveries");
    expect(page).toContain("matrix_run.completed");
    expect(page).toContain("HTTP 200 thanks");
  });

  test("a failed render is reported to a receiver that answers 500 first: retried after the backoff, then delivered", async () => {
    received = [];
    answers = [500];
    const form = new FormData();
    form.append("file", new File([await sharp({ create: { width: 64, height: 48, channels: 3, background: "#884422" } }).jpeg().toBuffer()], "p.jpg"));
    const uploaded = await t.request("/upload", { method: "POST", body: form, headers: { authorization: `Bearer ${key}` } });
    expect(uploaded.status).toBe(200);
    const uploadId = (await uploaded.json()).upload_id;
    const applied = await postWithKey("/apply-style", { upload_id: uploadId, style_phrase: "pastel", model_key: "local:sketch", webhook_url: hookUrl() });
    expect(applied.status).toBe(200);
    const renderId = (await applied.json()).renders[0].id as string;

    const claimed = (await engine.queue.claimNext("test-worker", ["local:sketch"]))!;
    expect(claimed.id).toBe(renderId);
    expect((await engine.queue.fail(claimed.id, "test-worker", { kind: "permanent", message: "The provider refused the prompt" }))).toBe("failed");

    const now = Date.now();
    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config, now)).toBe(0);
    expect(received).toHaveLength(1);
    const pending = t.sqlite.query("SELECT state, attempts, last_status, next_attempt_at FROM webhook_deliveries WHERE subject_id = ?").get(renderId) as Record<string, number | string>;
    expect(pending).toMatchObject({ state: "pending", attempts: 1, last_status: 500 });
    expect(pending.next_attempt_at as number).toBeGreaterThanOrEqual(now + 30_000);

    // Not before its time.
    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config, now + 1_000)).toBe(0);
    expect(received).toHaveLength(1);
    expect(await deliverDueWebhooks(sqliteData(t.sqlite), t.config, now + 31_000)).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    const event = JSON.parse(received[1]!.body);
    expect(event.type).toBe("render.failed");
    expect(event.data).toMatchObject({ id: renderId, status: "failed", error: "The provider refused the prompt" });
    expect(verify(received[1]!.signature!, received[1]!.body, await signingSecretFromAccount())).toBe(true);
    expect(t.sqlite.query("SELECT state, attempts, last_status FROM webhook_deliveries WHERE subject_id = ?").get(renderId)).toEqual({
      state: "delivered",
      attempts: 2,
      last_status: 200,
    });
  });

  test("a receiver that never answers 2xx is given up after a day", async () => {
    received = [];
    answers = Array(100).fill(503);
    const started = await postWithKey("/matrix", { base_prompts: ["a kite"], style_phrases: ["woodcut"], model_keys: ["local:pixel"], webhook_url: hookUrl() });
    const runId = (await started.json()).matrix_run_id as string;
    const claimed = (await engine.queue.claimNext("test-worker", ["local:pixel"]))!;
    (await engine.queue.complete(claimed.id, "test-worker", IMAGE, {}));
    let now = Date.now();
    for (let i = 0; i < 40; i++) {
      await deliverDueWebhooks(sqliteData(t.sqlite), t.config, now);
      const row = t.sqlite.query("SELECT state, next_attempt_at FROM webhook_deliveries WHERE subject_id = ?").get(runId) as { state: string; next_attempt_at: number };
      if (row.state !== "pending") break;
      now = row.next_attempt_at;
    }
    const final = t.sqlite.query("SELECT state, attempts, created_at, last_attempt_at FROM webhook_deliveries WHERE subject_id = ?").get(runId) as Record<string, number | string>;
    expect(final.state).toBe("failed");
    expect((final.last_attempt_at as number) - (final.created_at as number)).toBeGreaterThan(20 * 3_600_000);
    expect((final.last_attempt_at as number) - (final.created_at as number)).toBeLessThanOrEqual(24 * 3_600_000);
    expect(final.attempts as number).toBeGreaterThan(10);
    answers = [];
  });

  test("development accepts only http(s) URLs: anything else is a 400 before any credit is spent", async () => {
    const before = t.sqlite.query("SELECT count(*) AS n FROM matrix_runs").get();
    const refused = await postWithKey("/matrix", { base_prompts: ["a"], style_phrases: ["b"], model_keys: ["local:paint"], webhook_url: "file:///etc/passwd" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toContain("webhook_url");
    expect(t.sqlite.query("SELECT count(*) AS n FROM matrix_runs").get()).toEqual(before);
  });
});

describe("webhook targets in production", () => {
  let production: TestApp;
  let productionKey: string;
  beforeAll(async () => {
    production = createTestApp({ NODE_ENV: "production", SECRET_KEY: "k3J9x!Qz7Lm2Vb8Rt5Yw1Np4Hs6Dc0Fg", BASE_URL: "https://gallery.example" });
    const userId = (production.sqlite.query("INSERT INTO users (google_sub, email) VALUES ('sub-1', 'p@example.com') RETURNING id").get() as { id: number }).id;
    productionKey = (await createApiKey(sqliteData(production.sqlite), userId, "prod", ["generate"])).key;
  });
  afterAll(() => production.cleanup());

  test.each([
    ["https://127.0.0.1/hook", "resolves to 127.0.0.1"],
    ["https://10.1.2.3/hook", "resolves to 10.1.2.3"],
    ["https://169.254.169.254/latest/meta-data", "resolves to 169.254.169.254"],
    ["https://[::1]/hook", "resolves to ::1"],
    ["https://localhost/hook", "localhost resolves to"],
    ["http://gallery-hooks.example/hook", "https://"],
  ])("%s is refused with a 400 saying why", async (url, reason) => {
    const response = await production.request("/matrix", {
      method: "POST",
      headers: { authorization: `Bearer ${productionKey}`, "content-type": "application/json" },
      body: JSON.stringify({ base_prompts: ["a"], style_phrases: ["b"], model_keys: ["openai:gpt-image-1"], webhook_url: url }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toContain(reason);
    expect(production.sqlite.query("SELECT count(*) AS n FROM matrix_runs").get()).toEqual({ n: 0 });
  });

  test("public addresses pass; every internal range is refused, also behind a name", async () => {
    for (const address of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"]) expect(isPublicAddress(address)).toBe(true);
    for (const address of ["0.0.0.0", "100.64.0.1", "172.16.5.4", "192.168.1.1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1"]) {
      expect(isPublicAddress(address)).toBe(false);
    }
    const config = { isProduction: true };
    expect(await checkWebhookUrl("https://hooks.example.com/x", config, async () => [{ address: "93.184.216.34" }])).toBe("https://hooks.example.com/x");
    const rebound = checkWebhookUrl("https://hooks.example.com/x", config, async () => [{ address: "93.184.216.34" }, { address: "10.0.0.1" }]);
    await expect(rebound).rejects.toThrow("resolves to 10.0.0.1");
  });
});

describe("/docs", () => {
  test("documents keys, scopes and the webhook body, and its verification code accepts a real signature and nothing else", async () => {
    const response = await t.request("/docs");
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const text of ["Authorization: Bearer aig_…", "Scope <code>read</code>", "matrix_run.completed", "render.failed", "X-Gallery-Signature", "curl -s https://YOUR-GALLERY/me -H \"Authorization: Bearer aig_…\""]) {
      expect(page).toContain(text.replaceAll('"', "&quot;"));
    }
    const unescape = (html: string) => html.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&amp;", "&");
    const snippet = unescape(/<pre[^>]*>([^<]*verifyGallerySignature[^<]*)<\/pre>/.exec(page)![1]!).replace(/^import .*$/m, "");
    const documentedVerify = new Function("createHmac", "timingSafeEqual", `${snippet}; return verifyGallerySignature;`)(createHmac, timingSafeEqual);
    const { signatureHeader } = await import("../../src/features/webhooks/signing");
    const body = JSON.stringify({ type: "render.completed", data: { id: "r1" } });
    const header = signatureHeader("whsec_test", body, Math.floor(Date.now() / 1000));
    expect(documentedVerify(body, header, "whsec_test")).toBe(true);
    expect(documentedVerify(body + " ", header, "whsec_test")).toBe(false);
    expect(documentedVerify(body, header, "whsec_other")).toBe(false);
    expect(documentedVerify(body, signatureHeader("whsec_test", body, Math.floor(Date.now() / 1000) - 3600), "whsec_test")).toBe(false);
  });
});
