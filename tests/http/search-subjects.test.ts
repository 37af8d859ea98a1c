// Search by subject and model as well as style: ranked arms, exact counts, filters, sorts, suggestions, nothing private.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sqliteData } from "../../src/db/data";
import { searchRenders } from "../../src/features/gallery/search";
import type { SearchPage } from "../../src/features/gallery/model";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
const PROMPTS = ["a red fox in a snowy forest", "a lighthouse on a rocky coast", "a tin robot watering a plant", "an oil lamp on a table"] as const;
const STYLES = ["oil painting", "pixel art", "pencil sketch"];
const MODELS = ["local:paint", "local:sketch"];

beforeAll(() => {
  t = createTestApp();
  for (const prompt of PROMPTS) for (const style of STYLES) for (const model of MODELS) insertRender(t.sqlite, { basePrompt: prompt, stylePhrase: style, modelKey: model });
  insertRender(t.sqlite, { basePrompt: "my secret birthday plan", stylePhrase: "watercolor", visibility: "private" });
  insertRender(t.sqlite, { basePrompt: "a red fox in a snowy forest", stylePhrase: "secretive glaze", visibility: "private" });
  insertRender(t.sqlite, { basePrompt: "a flagged dragon", stylePhrase: "watercolor", nsfw: true });
});
afterAll(() => t.cleanup());

async function search(query: string): Promise<SearchPage> {
  const response = await t.request(`/search?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as SearchPage;
}

async function everyPage(query: string, limit = 5): Promise<SearchPage["results"]> {
  const first = await search(`${query}&limit=${limit}`);
  const results = [...first.results];
  let offset = first.next_offset;
  while (offset !== null) {
    const page = await search(`${query}&limit=${limit}&offset=${offset}&cursor=${first.cursor}`);
    expect(page.total).toBe(first.total);
    results.push(...page.results);
    offset = page.next_offset;
  }
  expect(results).toHaveLength(first.total);
  expect(new Set(results.map((r) => r.id)).size).toBe(first.total);
  return results;
}

describe("search by subject", () => {
  test("a subject word finds every render of the prompts that have it", async () => {
    for (const [word, prompt] of [["fox", PROMPTS[0]], ["lighthouse", PROMPTS[1]], ["robot", PROMPTS[2]]] as const) {
      const results = await everyPage(`q=${word}`);
      expect(results).toHaveLength(STYLES.length * MODELS.length);
      expect(results.every((r) => r.base_prompt === prompt)).toBe(true);
    }
    const page = await search("q=fox");
    expect(page.matched.prompts).toEqual([PROMPTS[0]]);
  });

  test("a word matching a style and a prompt puts the style's renders first, then the prompt's others, each once", async () => {
    const results = await everyPage("q=oil", 4);
    const styleCount = PROMPTS.length * MODELS.length;
    expect(results.slice(0, styleCount).every((r) => r.style_phrase === "oil painting")).toBe(true);
    const rest = results.slice(styleCount);
    expect(rest).toHaveLength((STYLES.length - 1) * MODELS.length); // the oil lamp in the other styles
    expect(rest.every((r) => r.base_prompt === "an oil lamp on a table" && r.style_phrase !== "oil painting")).toBe(true);
  });

  test("stop words are ignored, so a sentence finds its subject", async () => {
    const results = await everyPage(`q=${encodeURIComponent("a fox in the snow")}`);
    expect(results).toHaveLength(STYLES.length * MODELS.length);
  });

  test("subject and style words together find the cells that have both", async () => {
    const results = await everyPage(`q=${encodeURIComponent("fox pixel art")}`);
    expect(results).toHaveLength(MODELS.length);
    expect(results.every((r) => r.base_prompt === PROMPTS[0] && r.style_phrase === "pixel art")).toBe(true);
    const lighthouseOil = await everyPage(`q=${encodeURIComponent("lighthouse oil")}`);
    expect(lighthouseOil.map((r) => `${r.base_prompt}|${r.style_phrase}`).sort()).toEqual(Array(MODELS.length).fill(`${PROMPTS[1]}|oil painting`));
  });

  test("a model's name finds its renders; words it shares with a style rank the style first", async () => {
    const paint = await everyPage(`q=${encodeURIComponent("local paint")}`);
    expect(paint).toHaveLength(PROMPTS.length * STYLES.length);
    expect(paint.every((r) => r.model_key === "local:paint")).toBe(true);
    // "sketch": the style "pencil sketch" first (both models), then Local Sketch's renders in other styles.
    const sketch = await everyPage("q=sketch");
    const styleCount = PROMPTS.length * MODELS.length;
    expect(sketch.slice(0, styleCount).every((r) => r.style_phrase === "pencil sketch")).toBe(true);
    expect(sketch.slice(styleCount)).toHaveLength(PROMPTS.length * (STYLES.length - 1));
    expect(sketch.slice(styleCount).every((r) => r.model_key === "local:sketch" && r.style_phrase !== "pencil sketch")).toBe(true);
  });

  test("the model filter keeps one model's renders, with exact counts, alone or with words", async () => {
    const foxPaint = await everyPage("q=fox&model=local:paint", 2);
    expect(foxPaint).toHaveLength(STYLES.length);
    expect(foxPaint.every((r) => r.model_key === "local:paint" && r.base_prompt === PROMPTS[0])).toBe(true);
    const oilSketch = await everyPage("q=oil&model=local:sketch", 3);
    expect(oilSketch).toHaveLength(PROMPTS.length + (STYLES.length - 1));
    expect(oilSketch.every((r) => r.model_key === "local:sketch")).toBe(true);
    const none = await search("q=fox&model=openai:dall-e-3");
    expect(none.total).toBe(0);
    expect((await t.request("/search?q=fox&model=not%20a%20model")).status).toBe(400);
  });

  test("newest first orders by publication, and its pages stay fixed", async () => {
    const results = await everyPage("q=oil&sort=newest", 4);
    const seq = (id: string) => (t.sqlite.query("SELECT gallery_seq AS n FROM renders WHERE id = ?").get(id) as { n: number }).n;
    const positions = results.map((r) => seq(r.id));
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect((await t.request("/search?q=oil&sort=oldest")).status).toBe(400);
  });

  test("pages stay one fixed set while renders of matching prompts and styles land between them", async () => {
    const first = await searchRenders(sqliteData(t.sqlite), { q: "oil", offset: 0, limit: 3 });
    const seen = first.results.map((r) => r.id);
    let offset = first.next_offset;
    let round = 0;
    while (offset !== null) {
      insertRender(t.sqlite, { basePrompt: "an oil lamp on a table", stylePhrase: "film noir" });
      insertRender(t.sqlite, { basePrompt: `late ${round++}`, stylePhrase: "oil painting" });
      const page = await searchRenders(sqliteData(t.sqlite), { q: "oil", offset, limit: 3, cursor: first.cursor });
      expect(page.total).toBe(first.total);
      seen.push(...page.results.map((r) => r.id));
      offset = page.next_offset;
    }
    expect(new Set(seen).size).toBe(first.total);
    expect((await searchRenders(sqliteData(t.sqlite), { q: "oil", offset: 0, limit: 3 })).total).toBe(first.total + 2 * round);
  });

  test("private and flagged prompts are never found nor suggested", async () => {
    const secret = await search("q=secret");
    expect(secret.total).toBe(0);
    expect(secret.matched).toEqual({ styles: [], prompts: [], models: [] });
    expect((await search("q=fox")).matched.styles).toEqual([]);
    expect((await search("q=dragon")).total).toBe(0);
    const html = await (await t.request("/explore?q=secret")).text();
    expect(html).toContain("No renders match.");
    expect(html).not.toContain("birthday");
    expect(html).not.toContain("flagged");
    expect(html).not.toContain("secretive");
  });

  test("a search with no match suggests the nearest styles and prompts", async () => {
    const html = await (await t.request("/explore?q=lighthose")).text();
    expect(html).toContain("No renders match.");
    expect(html).toContain("Nearest in the gallery");
    expect(html).toContain(`href="/explore?q=${encodeURIComponent(PROMPTS[1]!).replace(/%20/g, "+")}"`);
    const typo = await (await t.request("/explore?q=pixle")).text();
    expect(typo).toContain('href="/style/pixel-art"');
  });

  test("a cursor from another search is refused with a 400", async () => {
    const response = await t.request("/search?q=oil&cursor=bm9wZQ");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("cursor");
  });
});

describe("explore page", () => {
  test("no query: every style as a card with a thumbnail, A–Z or newest first", async () => {
    const html = await (await t.request("/explore")).text();
    const cards = html.slice(html.indexOf("data-style-cards"));
    const phrases = [...cards.matchAll(/<p class="mt-2 truncate[^"]*">([^<]+)<\/p>/g)].map((match) => match[1]);
    expect(phrases.slice(0, 4)).toEqual(["film noir", "oil painting", "pencil sketch", "pixel art"]);
    expect(cards.match(/<img /g)?.length).toBeGreaterThanOrEqual(4);
    const newest = await (await t.request("/explore?sort=newest")).text();
    const newestPhrases = [...newest.slice(newest.indexOf("data-style-cards")).matchAll(/<p class="mt-2 truncate[^"]*">([^<]+)<\/p>/g)].map((m) => m[1]);
    expect(newestPhrases[0]).toBe("film noir");
    expect(newestPhrases.at(-1)).toBe("oil painting");
  });

  test("a model filter alone lists that model's renders; the filter form offers the gallery's models", async () => {
    const html = await (await t.request("/explore?model=local%3Asketch")).text();
    expect(html).toContain('<option value="local:sketch" selected>Local Sketch</option>');
    expect(html).toContain('<option value="local:paint">Local Paint</option>');
    expect(html).not.toContain('value="openai:dall-e-3"');
    expect(html).not.toContain("Local Paint</p>");
    expect(html).toContain("Local Sketch</p>");
  });

  test("with a query: what matched, as links to the style and the prompt", async () => {
    const html = await (await t.request("/explore?q=oil")).text();
    expect(html).toContain('href="/style/oil-painting"');
    expect(html).toContain(`href="/explore?q=an+oil+lamp+on+a+table"`);
  });
});
