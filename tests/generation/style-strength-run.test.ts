// Style strength end to end on the offline models: a run with no-style baselines is painted by the real Workers,
// post-processing fingerprints each render, the measures follow, and the pages show them — while the baselines
// themselves appear nowhere a visitor looks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DEFAULT_BASE_PROMPTS } from "../../src/generation/catalogue";
import { planMatrixRun } from "../../src/generation/matrix";
import { backfillStyleFeatures } from "../../src/cli/backfill-style-features";
import { refreshAllStyleMeasures } from "../../src/generation/style-measures";
import { createImageStore } from "../../src/storage";
import { createTestEngine, type TestEngine } from "../helpers/generation";
import { sqliteData } from "../../src/db/data";

const PROMPTS = DEFAULT_BASE_PROMPTS.slice(0, 2);
const STRONG = "stained glass";
const IGNORED = "masterpiece, 8k";
const MODELS = ["local:paint", "local:sketch"];

let engine: TestEngine;
let baselineIds: string[];

beforeAll(async () => {
  engine = createTestEngine();
  engine.start();
  const run = (await planMatrixRun(sqliteData(engine.sqlite), { basePrompts: PROMPTS, stylePhrases: [STRONG, IGNORED], modelKeys: MODELS, baselines: true }))!;
  expect(run.renderIds).toHaveLength(PROMPTS.length * MODELS.length * 3);
  engine.pool.wake();
  await engine.waitForStatus(run.renderIds, ["done", "failed"], 120_000);
  baselineIds = (engine.sqlite.query("SELECT id FROM renders WHERE style_slug = '' ORDER BY seq").all() as { id: string }[]).map((row) => row.id);
}, 150_000);
afterAll(() => engine.stop());

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await engine.request(path);
  return { status: response.status, html: await response.text() };
}

describe("a run with baselines", () => {
  test("every render is done and fingerprinted; each baseline is the bare prompt, private and nobody's", async () => {
    const rows = engine.sqlite.query("SELECT r.status, f.render_id IS NOT NULL AS fingerprinted FROM renders r LEFT JOIN render_features f ON f.render_id = r.id").all();
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => (row as { status: string }).status === "done" && (row as { fingerprinted: number }).fingerprinted === 1)).toBe(true);
    const baselines = engine.sqlite.query("SELECT style_phrase, effective_prompt, base_prompt, visibility, user_id, gallery_seq FROM renders WHERE style_slug = ''").all() as {
      style_phrase: string;
      effective_prompt: string;
      base_prompt: string;
      visibility: string;
      user_id: number | null;
      gallery_seq: number | null;
    }[];
    expect(baselines).toHaveLength(PROMPTS.length * MODELS.length);
    for (const baseline of baselines) {
      expect(baseline).toEqual({ style_phrase: "", effective_prompt: baseline.base_prompt, base_prompt: baseline.base_prompt, visibility: "private", user_id: null, gallery_seq: null });
    }
    // A second plan adds no baselines: the existing ones count.
    expect(await planMatrixRun(sqliteData(engine.sqlite), { basePrompts: PROMPTS, stylePhrases: [], modelKeys: MODELS, baselines: true })).toBeNull();
  });

  test("the style page says how strong the style is on each model, and the boilerplate has no visible effect", async () => {
    const strong = await page("/style/stained-glass");
    expect(strong.status).toBe(200);
    expect(strong.html).toContain("Measured strength");
    expect(strong.html).toMatch(/data-strength-sentence>Strong on Local (Paint and Local Sketch|Sketch and Local Paint)</);
    expect(strong.html).toContain('data-strength-model="local:paint" data-strength-level="strong"');

    const ignored = await page("/style/masterpiece-8k");
    expect(ignored.status).toBe(200);
    expect(ignored.html).toMatch(/data-strength-sentence>No visible effect on Local (Paint and Local Sketch|Sketch and Local Paint)</);
  });

  test("explore's style cards carry the strengths and 'Strongest effect' puts the strong style first", async () => {
    const az = await page("/explore");
    expect(az.html).toContain("Strongest effect");
    // A–Z puts "masterpiece" first; by strength "stained glass" leads.
    const azOrder = [...az.html.matchAll(/href="\/style\/([a-z0-9-]+)"/g)].map((match) => match[1]);
    expect(azOrder.indexOf("masterpiece-8k")).toBeLessThan(azOrder.indexOf("stained-glass"));
    expect(az.html).toMatch(/data-card-strength>Strong on Local/);
    expect(az.html).toMatch(/data-card-strength>No visible effect on Local/);

    for (const path of ["/explore?sort=strength", "/explore?sort=strength&model=local%3Asketch"]) {
      const strongest = await page(path);
      expect(strongest.status).toBe(200);
      const order = [...strongest.html.matchAll(/href="\/style\/([a-z0-9-]+)"/g)].map((match) => match[1]);
      expect(order.indexOf("stained-glass")).toBeGreaterThanOrEqual(0);
      expect(order.indexOf("stained-glass")).toBeLessThan(order.indexOf("masterpiece-8k"));
      expect(strongest.html).toMatch(/<option value="strength" selected/);
    }
  });

  test("strength cannot sort a search's renders: a clear 400, not a silent other order", async () => {
    const response = await engine.request("/explore?q=fox&sort=strength");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("sort=strength orders styles");
    const search = await page("/explore?q=fox");
    expect(search.html).not.toContain('value="strength"');
  });

  test("baselines are no style: not in /styles, search, explore, nor viewable at /r/:id", async () => {
    const styles = (await (await engine.json("/styles")).json()) as { styles: { slug: string; phrase: string }[] };
    expect(styles.styles.map((style) => style.slug).sort()).toEqual(["masterpiece-8k", "stained-glass"]);
    expect(engine.sqlite.query("SELECT count(*) AS n FROM styles WHERE slug = '' OR phrase = ''").get()).toEqual({ n: 0 });
    const found = (await (await engine.json(`/search?q=${encodeURIComponent(PROMPTS[0]!)}`)).json()) as { results: { id: string; style_phrase: string }[]; total: number };
    expect(found.total).toBe(4);
    expect(found.results.some((result) => baselineIds.includes(result.id))).toBe(false);
    for (const id of baselineIds) {
      expect((await engine.request(`/r/${id}`)).status).toBe(404);
      expect((await engine.json(`/render/${id}`)).status).toBe(404);
    }
    const explore = await page("/explore");
    expect(explore.html).toContain("2 styles");
  });

  test("a render page shows more like this: public renders only, nearest first, never itself", async () => {
    const render = engine.sqlite
      .query("SELECT id FROM renders WHERE style_slug = 'stained-glass' AND model_key = 'local:paint' AND base_prompt = ?")
      .get(PROMPTS[0]!) as { id: string };
    const { status, html } = await page(`/r/${render.id}`);
    expect(status).toBe(200);
    const section = html.slice(html.indexOf("data-more-like-this"));
    expect(section).toContain("More like this");
    const shown = [...section.matchAll(/href="\/r\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).not.toContain(render.id);
    expect(shown.some((id) => baselineIds.includes(id!))).toBe(false);
    // The nearest is the same style on the other prompt (stained glass's leading and colours), not a boilerplate render.
    const nearest = engine.sqlite.query("SELECT style_slug FROM renders WHERE id = ?").get(shown[0]!) as { style_slug: string };
    expect(nearest.style_slug).toBe("stained-glass");
  });

  test("refreshing every measure gives the same strengths as recording them one render at a time", async () => {
    const read = () => engine.sqlite.query("SELECT style_slug, model_key, prompt_pairs, round(strength, 6) AS strength FROM style_measures ORDER BY style_slug, model_key").all();
    const before = read();
    expect(before).toHaveLength(4);
    expect(await refreshAllStyleMeasures(sqliteData(engine.sqlite))).toBe(4);
    expect(read()).toEqual(before);
  });

  test("a gallery painted before fingerprints gets them from its stored originals, with the same verdicts", async () => {
    const levels = () => engine.sqlite.query("SELECT style_slug, model_key, prompt_pairs, strength >= 0.3 AS strong, strength < 0.05 AS none FROM style_measures ORDER BY style_slug, model_key").all();
    const before = levels();
    engine.sqlite.run("DELETE FROM render_features");
    engine.sqlite.run("DELETE FROM style_measures");
    const report = await backfillStyleFeatures(sqliteData(engine.sqlite), createImageStore(engine.config.storage));
    expect(report).toEqual({ filled: 12, unreadable: 0, measures: 4 });
    expect(levels()).toEqual(before);
  });
});
