// Models as data: retired models refused with their replacement named, a model added by MODELS_FILE alone
// runs end to end, a provider's "model not found" disables the model after one refunded failure, and
// work queued for a model retired meanwhile is refunded. Real app (app.handle), real SDKs against the fakes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { ConfigError, loadConfig } from "../../src/config";
import { refundStep } from "../../src/features/billing/ledger";
import type { FakeOpenAI } from "../fakes/openai-server";
import type { FakeReplicate } from "../fakes/replicate-server";
import { TEST_MODELS, createTestEngine, fakeProviderEnv, startFakeProviders, type FakeProviders, type TestEngine } from "../helpers/generation";
import { captureLogs } from "../helpers/logs";
import { signIn } from "../helpers/sign-in";
import { insertRender } from "../helpers/test-app";

const ADDED = {
  key: "replicate:acme/zephyr",
  label: "Acme Zephyr",
  provider: "replicate",
  model: "acme/zephyr",
  version: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  capabilities: { text_to_image: true, image_to_image: false, sizes: ["1024x1024"], max_prompt_length: 500 },
  cost_credits: 3,
  enabled: true,
  input: { guidance: 3.5 },
};

let fakes: FakeProviders;
let openai: FakeOpenAI;
let replicate: FakeReplicate;
let modelsDir: string;
let engine: TestEngine;

function writeModelsFile(name: string, models: unknown[]): string {
  const path = join(modelsDir, name);
  writeFileSync(path, JSON.stringify({ models }));
  return path;
}

beforeAll(async () => {
  fakes = startFakeProviders({ replicate: { create: () => ({ type: "prediction", polls: 1 }) } });
  ({ openai, replicate } = fakes);
  modelsDir = mkdtempSync(join(tmpdir(), "gallery-models-"));
  await Bun.write(join(modelsDir, "models.json"), JSON.stringify({ models: [ADDED] }));
  engine = createTestEngine({
    env: { ...fakeProviderEnv({ openai, replicate }), MODELS_FILE: join(modelsDir, "models.json") },
    onFailed: refundStep,
  });
  engine.start();
});
afterAll(async () => {
  await engine.stop();
  await fakes.stop();
  rmSync(modelsDir, { recursive: true, force: true });
});

async function signedInWithCredits(app: TestEngine, email: string, credits: number) {
  const session = await signIn(app, email);
  app.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'test_grant')").run(session.userId, credits);
  return session;
}

function balance(app: TestEngine, userId: number): number {
  return (app.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId) as { n: number }).n;
}

function postJson(app: TestEngine, path: string, cookie: string, body: unknown) {
  return app.request(path, {
    method: "POST",
    headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
}

async function uploadPhoto(app: TestEngine, cookie: string): Promise<string> {
  const body = new FormData();
  body.append("file", new File([await sharp({ create: { width: 320, height: 240, channels: 3, background: "#3366aa" } }).jpeg().toBuffer()], "me.jpg"));
  const response = await app.request("/upload", { method: "POST", body, headers: { cookie, origin: "http://localhost", accept: "application/json" } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { upload_id: string }).upload_id;
}

describe("the catalogue", () => {
  test("retired models are refused with the replacement named; nothing is queued or debited", async () => {
    const { cookie, userId } = await signedInWithCredits(engine, "retired@example.com", 50);
    const uploadId = await uploadPhoto(engine, cookie);
    const before = engine.sqlite.query("SELECT count(*) AS n FROM renders").get();
    for (const [path, body] of [
      ["/matrix", { base_prompts: ["a fox"], style_phrases: ["pop art"], model_keys: ["openai:dall-e-3"] }],
      ["/matrix", { base_prompts: ["a fox"], style_phrases: ["pop art"], model_keys: ["openai:gpt-image-1"] }],
      ["/apply-style", { upload_id: uploadId, style_phrase: "pop art", model_keys: ["openai:gpt-image-1"] }],
    ] as const) {
      const response = await postJson(engine, path, cookie, body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain("retired on 2026-");
      expect(error).toContain("Use GPT Image 2 (openai:gpt-image-2) instead.");
    }
    expect(engine.sqlite.query("SELECT count(*) AS n FROM renders").get()).toEqual(before);
    expect(balance(engine, userId)).toBe(50);
  });

  test("the studio offers gpt-image-2 and the model added in MODELS_FILE, never a retired one", async () => {
    const { cookie } = await signedInWithCredits(engine, "studio@example.com", 0);
    const page = await (await engine.request("/studio", { headers: { cookie } })).text();
    expect(page).toContain('value="openai:gpt-image-2"');
    expect(page).toContain(`value="${ADDED.key}"`);
    expect(page).toContain("Acme Zephyr");
    for (const gone of ["openai:dall-e-3", "openai:gpt-image-1", "replicate:sdxl"]) expect(page).not.toContain(`value="${gone}"`);
  });

  test("gpt-image-2 renders text-to-image and restyles a photo, bought through the API", async () => {
    const { cookie, userId } = await signedInWithCredits(engine, "gpt@example.com", 20);
    const matrix = (await (await postJson(engine, "/matrix", cookie, { base_prompts: ["a lighthouse"], style_phrases: ["linocut"], model_keys: [TEST_MODELS.gptImage2] })).json()) as {
      renders: { id: string }[];
    };
    const uploadId = await uploadPhoto(engine, cookie);
    const restyle = (await (await postJson(engine, "/apply-style", cookie, { upload_id: uploadId, style_phrase: "linocut", model_keys: [TEST_MODELS.gptImage2] })).json()) as {
      renders: { id: string }[];
    };
    const ids = [matrix.renders[0]!.id, restyle.renders[0]!.id];
    await engine.waitForStatus(ids, ["done", "failed"]);
    expect(ids.map((id) => engine.render(id).status)).toEqual(["done", "done"]);
    expect(openai.calls.filter((call) => call.prompt.endsWith("linocut")).map((call) => call.endpoint).sort()).toEqual(["edits", "generations"]);
    expect(balance(engine, userId)).toBe(20 - 2 * 8);
  });

  test("a Replicate model added by editing MODELS_FILE alone runs end to end on its pinned version", async () => {
    const { cookie } = await signedInWithCredits(engine, "added@example.com", 10);
    const response = await postJson(engine, "/matrix", cookie, { base_prompts: ["a heron"], style_phrases: ["ink wash"], model_keys: [ADDED.key] });
    expect(response.status).toBe(200);
    const id = ((await response.json()) as { renders: { id: string }[] }).renders[0]!.id;
    await engine.waitForStatus([id], ["done", "failed"]);
    expect(engine.render(id).status).toBe("done");
    const create = replicate.calls.find((call) => call.kind === "create" && call.input?.prompt === "a heron, ink wash")!;
    expect(create).toMatchObject({ path: "/v1/predictions", version: ADDED.version });
    expect(create.input).toMatchObject({ guidance: 3.5, seed: expect.any(Number) });
    const json = (await (await engine.request(`/render/${id}`, { headers: { accept: "application/json" } })).json()) as { provenance: Record<string, unknown> };
    expect(json.provenance).toMatchObject({ model_key: ADDED.key, model_label: "Acme Zephyr", model_version: ADDED.version, seed: create.input!.seed });
  });

  test("a render of a retired model stays browsable, labelled as a retired model", async () => {
    const id = insertRender(engine.sqlite, { modelKey: "openai:dall-e-3", basePrompt: "an old harbour", stylePhrase: "etching" });
    const page = await engine.request(`/r/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("DALL·E 3");
    expect(html).toContain("retired model");
    const json = (await (await engine.request(`/render/${id}`, { headers: { accept: "application/json" } })).json()) as { model: unknown };
    expect(json.model).toEqual({ key: "openai:dall-e-3", label: "DALL·E 3", retired: true });
  });

  test("an invalid MODELS_FILE stops the start with a message naming the file, the model and the field", () => {
    const path = writeModelsFile("bad.json", [{ ...ADDED, cost_credits: -1 }]);
    expect(() => loadConfig({ NODE_ENV: "test", MODELS_FILE: path })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: "test", MODELS_FILE: path })).toThrow(`bad.json model 1 "${ADDED.key}": "cost_credits" must be a whole number ≥ 0`);
    const unknown = writeModelsFile("unknown.json", [{ ...ADDED, key: "nowhere:x", provider: "nowhere" }]);
    expect(() => loadConfig({ NODE_ENV: "test", MODELS_FILE: unknown })).toThrow('no provider "nowhere"');
  });
});

describe("at run time", () => {
  test("a model retired while its work waited in the queue: the work fails for good and is refunded, nothing is called", async () => {
    const soon = { ...ADDED, key: "replicate:acme/quasar", model: "acme/quasar", label: "Acme Quasar", retired_at: new Date(Date.now() + 1_500).toISOString(), replaced_by: ADDED.key };
    const later = createTestEngine({
      env: { ...fakeProviderEnv({ openai, replicate }), MODELS_FILE: writeModelsFile("sunset.json", [ADDED, soon]) },
      onFailed: refundStep,
    });
    try {
      const { cookie, userId } = await signedInWithCredits(later, "sunset@example.com", 10);
      const response = await postJson(later, "/matrix", cookie, { base_prompts: ["a dune", "a mesa"], style_phrases: ["poster"], model_keys: [soon.key] });
      expect(response.status).toBe(200);
      const ids = ((await response.json()) as { renders: { id: string }[] }).renders.map((render) => render.id);
      expect(balance(later, userId)).toBe(4);
      await Bun.sleep(1_600);
      const callsBefore = replicate.calls.length;
      later.start();
      await later.waitForStatus(ids, ["failed"]);
      for (const id of ids) expect(later.render(id).error).toBe("Not rendered: Acme Quasar it was retired on " + soon.retired_at.slice(0, 10) + " (use Acme Zephyr). Your credits were refunded.");
      expect(balance(later, userId)).toBe(10);
      expect(replicate.calls.length).toBe(callsBefore);
    } finally {
      await later.stop();
    }
  });

  test("OpenAI model_not_found and a Replicate version gone (422): one refunded failure each, the model disabled, /health says so, logged once", async () => {
    using logs = captureLogs(/disabled: the provider no longer offers it/);
    const strict = createTestEngine({
      env: { ...fakeProviderEnv({ openai, replicate }), PROVIDER_CONCURRENCY: "1", MODELS_FILE: join(modelsDir, "models.json") },
      onFailed: refundStep,
    });
    try {
      openai.setBehaviour(() => ({ type: "model-not-found" }));
      replicate.setBehaviour({ create: (call) => (call.version === ADDED.version ? { type: "version-gone" } : { type: "prediction", polls: 1 }) });
      const openaiBefore = openai.calls.length;
      const replicateBefore = replicate.calls.filter((call) => call.kind === "create").length;
      const { cookie, userId } = await signedInWithCredits(strict, "gone@example.com", 100);
      const response = await postJson(strict, "/matrix", cookie, {
        base_prompts: ["a comet", "a glacier", "a canyon"],
        style_phrases: ["gouache"],
        model_keys: [TEST_MODELS.gptImage2, ADDED.key],
      });
      expect(response.status).toBe(200);
      const ids = ((await response.json()) as { renders: { id: string }[] }).renders.map((render) => render.id);
      expect(balance(strict, userId)).toBe(100 - 3 * (8 + 3));
      strict.start();
      await strict.waitForStatus(ids, ["failed"]);

      // One call each reached the provider; the rest failed without being tried. Every credit came back once.
      expect(openai.calls.length - openaiBefore).toBe(1);
      expect(replicate.calls.filter((call) => call.kind === "create").length - replicateBefore).toBe(1);
      expect(balance(strict, userId)).toBe(100);
      expect(strict.sqlite.query("SELECT count(*) AS n FROM credit_ledger WHERE reason = 'render_refund' AND user_id = ?").get(userId)).toEqual({ n: 6 });

      const health = (await (await strict.request("/health")).json()) as { models: Record<string, string> };
      expect(health.models[TEST_MODELS.gptImage2]).toStartWith("disabled: OpenAI no longer offers this model");
      expect(health.models[ADDED.key]).toStartWith("disabled: Replicate no longer runs this model version (HTTP 422)");
      expect(health.models["local:paint"]).toBe("ok");
      const refused = await postJson(strict, "/matrix", cookie, { base_prompts: ["a comet"], style_phrases: ["gouache"], model_keys: [TEST_MODELS.gptImage2] });
      expect(refused.status).toBe(400);
      expect(logs.lines).toHaveLength(2);
    } finally {
      openai.setBehaviour(() => ({ type: "image" }));
      replicate.setBehaviour({ create: () => ({ type: "prediction", polls: 1 }) });
      await strict.stop();
    }
  });
});
