// A fresh gallery paints what the home page shows first (its curated set: one cell per style spanning every
// prompt and model), in the curated order, then the rest; a second plan adds nothing.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { DEFAULT_BASE_PROMPTS, DEFAULT_MODEL_KEYS, DEFAULT_STYLE_PHRASES, planCatalogue } from "../../src/generation/catalogue";
import { createRenderQueue } from "../../src/generation/queue";
import { makeDataDir, openDataDirDatabase } from "../helpers/generation";

const dataDir = makeDataDir();
const sqlite = openDataDirDatabase(dataDir);
afterAll(() => {
  sqlite.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the showcase is queued first, curated in order, and spans prompts, styles and models", () => {
  const run = planCatalogue(sqlite)!;
  const total = DEFAULT_BASE_PROMPTS.length * DEFAULT_STYLE_PHRASES.length * DEFAULT_MODEL_KEYS.length;
  expect(run.renderIds).toHaveLength(total);

  const queue = createRenderQueue(sqlite, { concurrency: 100, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 });
  const claimed = [];
  for (let i = 0; i < DEFAULT_STYLE_PHRASES.length; i++) claimed.push(queue.claimNext("test", DEFAULT_MODEL_KEYS)!);
  const firstScreen = claimed.map((render) => sqlite.query("SELECT style_phrase, base_prompt, model_key, curated_rank FROM renders WHERE id = ?").get(render.id) as {
    style_phrase: string;
    base_prompt: string;
    model_key: string;
    curated_rank: number | null;
  });
  expect(new Set(firstScreen.map((cell) => cell.style_phrase)).size).toBe(DEFAULT_STYLE_PHRASES.length);
  expect(new Set(firstScreen.map((cell) => cell.base_prompt)).size).toBe(DEFAULT_BASE_PROMPTS.length);
  expect(new Set(firstScreen.map((cell) => cell.model_key)).size).toBe(DEFAULT_MODEL_KEYS.length);
  expect(firstScreen.map((cell) => cell.curated_rank)).toEqual(DEFAULT_STYLE_PHRASES.map((_, index) => index + 1));
  // Nothing past the showcase is curated.
  const curated = sqlite.query("SELECT count(*) AS n FROM renders WHERE curated_rank IS NOT NULL").get() as { n: number };
  expect(curated.n).toBe(DEFAULT_STYLE_PHRASES.length);
  // The home page's first tiles already show different prompts and, within eight, every prompt on every model.
  expect(firstScreen[0]!.base_prompt).not.toBe(firstScreen[1]!.base_prompt);
  expect(new Set(firstScreen.slice(0, 8).map((cell) => `${cell.base_prompt}|${cell.model_key}`)).size).toBe(8);
});

test("a second plan adds nothing", () => {
  sqlite.run("UPDATE renders SET status = 'done'");
  expect(planCatalogue(sqlite)).toBeNull();
});
