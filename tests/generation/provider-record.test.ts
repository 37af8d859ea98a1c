// A provider is one record in one file plus one registry line: the test provider in tests/fixtures is
// offered on the studio page, queued by POST /matrix (through app.handle) and rendered by the Worker pool.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { refundStep } from "../../src/features/billing/ledger";
import { registerProvider } from "../../src/generation/providers/registry";
import solidProvider, { solidColourFor } from "../fixtures/solid-provider";
import { createTestEngine, type TestEngine } from "../helpers/generation";
import { signIn } from "../helpers/sign-in";

registerProvider(solidProvider);

const MODEL = {
  key: "solid:swatch",
  label: "Solid Swatch",
  provider: "solid",
  model: "swatch",
  version: "2026-11-27",
  capabilities: { text_to_image: true, image_to_image: false, sizes: ["512x512"], max_prompt_length: 200 },
  cost_credits: 2,
  enabled: true,
};

let modelsDir: string;
let engine: TestEngine;

beforeAll(async () => {
  modelsDir = mkdtempSync(join(tmpdir(), "gallery-models-"));
  await Bun.write(join(modelsDir, "models.json"), JSON.stringify({ models: [MODEL] }));
  engine = createTestEngine({
    env: { SOLID_PROVIDER: "1", LOCAL_PROVIDER: "0", MODELS_FILE: join(modelsDir, "models.json") },
    onFailed: refundStep,
  });
  engine.start();
});
afterAll(async () => {
  await engine.stop();
  rmSync(modelsDir, { recursive: true, force: true });
});

test("a provider from one file and one registry line: offered, queued by POST /matrix, rendered by the pool, provenance kept", async () => {
  const { cookie, userId } = await signIn(engine, "solid@example.com");
  engine.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 5, 'test_grant')").run(userId);

  const studio = await (await engine.request("/studio", { headers: { cookie } })).text();
  expect(studio).toContain('value="solid:swatch"');
  expect(studio).toContain("Solid Swatch");

  const response = await engine.request("/matrix", {
    method: "POST",
    headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ base_prompts: ["a red fox"], style_phrases: ["pop art"], model_keys: ["solid:swatch"] }),
  });
  expect(response.status).toBe(200);
  const queued = (await response.json()) as { renders: { id: string }[]; cost: number; credits: number };
  expect(queued).toMatchObject({ cost: 2, credits: 3 });
  const id = queued.renders[0]!.id;
  await engine.waitForStatus([id], ["done", "failed"]);

  const render = (await (await engine.request(`/render/${id}`, { headers: { cookie, accept: "application/json" } })).json()) as {
    status: string;
    image_path: string;
    width: number;
    effective_prompt: string;
    model: { label: string; retired: boolean };
    provenance: Record<string, unknown>;
  };
  expect(render).toMatchObject({ status: "done", width: 512, model: { label: "Solid Swatch", retired: false } });
  expect(render.provenance).toMatchObject({
    provider: "solid",
    model_key: "solid:swatch",
    model_id: "swatch",
    model_version: "2026-11-27",
    size: "512x512",
    request_id: `solid-${id}`,
    effective_prompt: "a red fox, pop art",
  });
  const image = Buffer.from(await (await engine.request(render.image_path)).arrayBuffer());
  const pixel = await sharp(image).extract({ left: 200, top: 200, width: 1, height: 1 }).raw().toBuffer();
  const want = solidColourFor(render.effective_prompt);
  for (const [got, expected] of [[pixel[0], want.r], [pixel[1], want.g], [pixel[2], want.b]]) expect(Math.abs(got! - expected!)).toBeLessThanOrEqual(4);
}, 30_000);
