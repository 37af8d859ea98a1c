// The default catalogue's curated set: every style once, spread over the prompts and both models, ranked once.
import { afterAll, expect, test } from "bun:test";
import { DEFAULT_BASE_PROMPTS, DEFAULT_MODEL_KEYS, DEFAULT_STYLE_PHRASES, planCatalogue } from "../../src/generation/catalogue";
import { createTestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

const t = createTestApp();
afterAll(() => t.cleanup());

test("planning the catalogue ranks a diagonal through it, once; the home set then spans prompts, styles and models", async () => {
  (await planCatalogue(sqliteData(t.sqlite)));
  const ranked = () =>
    t.sqlite.query("SELECT curated_rank, base_prompt, style_phrase, model_key FROM renders WHERE curated_rank IS NOT NULL ORDER BY curated_rank").all() as {
      curated_rank: number;
      base_prompt: string;
      style_phrase: string;
      model_key: string;
    }[];
  const first = ranked();
  expect(first).toHaveLength(DEFAULT_STYLE_PHRASES.length);
  expect(new Set(first.map((row) => row.style_phrase)).size).toBe(DEFAULT_STYLE_PHRASES.length);
  expect(new Set(first.map((row) => row.base_prompt))).toEqual(new Set(DEFAULT_BASE_PROMPTS));
  expect(new Set(first.map((row) => row.model_key))).toEqual(new Set(DEFAULT_MODEL_KEYS));
  expect(first[0]).toMatchObject({ curated_rank: 1, style_phrase: "oil painting" });

  // A second plan (a restart) adds nothing and leaves the ranks as they were, even after an edit.
  t.sqlite.query("UPDATE renders SET curated_rank = 99 WHERE curated_rank = 1").run();
  expect((await planCatalogue(sqliteData(t.sqlite)))).toBeNull();
  expect(ranked().map((row) => row.curated_rank)).toContain(99);

  t.sqlite.query("UPDATE renders SET status = 'done', image_path = '/images/2026/11/x.webp', thumb_path = '/images/2026/11/x_t.webp'").run();
  const home = (await (await t.request("/default?limit=8")).json()) as { results: { base_prompt: string; style_phrase: string; model_key: string }[] };
  expect(home.results).toHaveLength(8);
  expect(new Set(home.results.map((r) => r.base_prompt)).size).toBe(DEFAULT_BASE_PROMPTS.length);
  expect(new Set(home.results.map((r) => r.model_key)).size).toBe(DEFAULT_MODEL_KEYS.length);
  expect(new Set(home.results.map((r) => r.style_phrase)).size).toBe(8);
});
