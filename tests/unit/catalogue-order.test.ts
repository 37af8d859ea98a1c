// A fresh gallery paints what a newcomer sees first: the home page's first-screen table (every prompt across the
// leading styles), then the rest of the curated set in its order, then the no-style baselines, then the rest; the home
// page says how far along it is.
import { afterAll, expect, test } from "bun:test";
import { DEFAULT_BASE_PROMPTS, DEFAULT_MODEL_KEYS, DEFAULT_STYLE_PHRASES, HOME_TABLE, planCatalogue } from "../../src/generation/catalogue";
import { createRenderQueue } from "../../src/generation/queue";
import { createTestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

const t = createTestApp();
/** The catalogue's no-style baselines: one per prompt × model. */
const BASELINES = DEFAULT_BASE_PROMPTS.length * DEFAULT_MODEL_KEYS.length;
afterAll(() => t.cleanup());

interface ClaimedCell {
  id: string;
  style_phrase: string;
  base_prompt: string;
  model_key: string;
  curated_rank: number | null;
}

const queue = createRenderQueue(sqliteData(t.sqlite), { concurrency: 1000, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 });
/** Claims up to `count` renders in queue order (fewer when the queue runs dry). */
async function claim(count: number): Promise<ClaimedCell[]> {
  const cells: ClaimedCell[] = [];
  for (let render; cells.length < count && (render = (await queue.claimNext("test", DEFAULT_MODEL_KEYS))); ) {
    cells.push(t.sqlite.query("SELECT id, style_phrase, base_prompt, model_key, curated_rank FROM renders WHERE id = ?").get(render.id) as ClaimedCell);
  }
  return cells;
}

/** Completes claimed renders through the queue as the worker would (published, counted on the run), without drawing them. */
async function finish(cells: ClaimedCell[]): Promise<void> {
  for (const cell of cells) {
    const path = `/images/2026/11/${cell.id}`;
    const image = { imagePath: `${path}.webp`, thumbPath: `${path}_t.webp`, thumb2xPath: `${path}_t2.webp`, fullKey: `images/2026/11/${cell.id}_full.webp` };
    expect((await queue.complete(cell.id, "test", { ...image, width: 768, height: 768, fullWidth: 1536, fullHeight: 1536, fullBytes: 1, thumbhash: "", bytes: 1 }, {}))).toBe(true);
  }
}

async function paintingLine(): Promise<string | null> {
  const html = await (await t.request("/")).text();
  return /<p[^>]*data-catalogue-progress[^>]*>[\s\S]*?<\/span>\s*<span>([^<]*)<\/span>/.exec(html)?.[1]?.trim() ?? null;
}

/** The home page's first-screen table as a person sees it: each row's prompt and how many cells show an image. */
async function homeTable(): Promise<{ filled: number; empty: number; columns: string[] }> {
  const html = await (await t.request("/")).text();
  const table = /<section[^>]*data-showcase[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  const columns = [...table.matchAll(/<th scope="col"[^>]*>\s*<a href="\/style\/[^"]*"[^>]*>([^<]*)<\/a>/g)].map((match) => match[1]!.trim());
  return {
    filled: table.match(/<td[^>]*>\s*<a href="\/r\//g)?.length ?? 0,
    empty: table.match(/border-dashed/g)?.length ?? 0,
    columns,
  };
}

test("the home page's first-screen table is painted first and then shows every cell filled", async () => {
  const run = (await planCatalogue(sqliteData(t.sqlite)))!;
  expect(run.renderIds).toHaveLength(DEFAULT_BASE_PROMPTS.length * DEFAULT_STYLE_PHRASES.length * DEFAULT_MODEL_KEYS.length + BASELINES);
  const tableSize = HOME_TABLE.prompts.length * HOME_TABLE.styles.length;
  const table = await claim(tableSize);
  // Every prompt × leading style exactly once, both models among them; the diagonal (one per column) leads.
  expect(new Set(table.map((cell) => `${cell.base_prompt}|${cell.style_phrase}`)).size).toBe(tableSize);
  expect(new Set(table.map((cell) => cell.style_phrase))).toEqual(new Set(HOME_TABLE.styles));
  expect(new Set(table.map((cell) => cell.base_prompt))).toEqual(new Set(HOME_TABLE.prompts));
  expect(new Set(table.map((cell) => cell.model_key))).toEqual(new Set(DEFAULT_MODEL_KEYS));
  expect(table.slice(0, HOME_TABLE.styles.length).map((cell) => cell.curated_rank)).toEqual(HOME_TABLE.styles.map((_, index) => index + 1));

  // Painting only these fills the whole table a newcomer sees, with the leading styles as its columns.
  await finish(table);
  const home = await homeTable();
  expect(home.columns).toEqual([...HOME_TABLE.styles]);
  expect(home).toMatchObject({ filled: tableSize, empty: 0 });
  // And says the catalogue is still being painted, and how far along it is.
  expect(await paintingLine()).toBe(`Painting the catalogue: ${tableSize} of ${run.renderIds.length}. Refresh to see more.`);
});

test("then the rest of the curated set, in its order, before anything else", async () => {
  const rest = await claim(DEFAULT_STYLE_PHRASES.length - HOME_TABLE.styles.length);
  expect(rest.map((cell) => cell.curated_rank)).toEqual(DEFAULT_STYLE_PHRASES.slice(HOME_TABLE.styles.length).map((_, index) => HOME_TABLE.styles.length + index + 1));
  const curated = t.sqlite.query("SELECT count(*) AS n FROM renders WHERE curated_rank IS NOT NULL").get() as { n: number };
  expect(curated.n).toBe(DEFAULT_STYLE_PHRASES.length);
  // Then the no-style baselines, one per prompt × model, private and nobody's (style strength is measured against them).
  const baselines = await claim(BASELINES);
  const facts = baselines.map((cell) => t.sqlite.query("SELECT style_slug, visibility, user_id FROM renders WHERE id = ?").get(cell.id));
  expect(facts).toEqual(Array(BASELINES).fill({ style_slug: "", visibility: "private", user_id: null }));
  expect(new Set(baselines.map((cell) => `${cell.base_prompt}|${cell.model_key}`)).size).toBe(BASELINES);
  // What follows is uncurated, one prompt × model pass over every style.
  const next = await claim(DEFAULT_STYLE_PHRASES.length);
  expect(next.every((cell) => cell.curated_rank === null && cell.style_phrase !== "")).toBe(true);
  await finish([...rest, ...baselines, ...next]);
});

test("once every cell has settled the home page no longer says it is painting; a second plan re-queues only the failed cell", async () => {
  const claimed = await claim(Infinity);
  expect((await queue.fail(claimed[0]!.id, "test", { kind: "permanent", message: "The model refused" }))).toBe("failed");
  expect(await paintingLine()).toMatch(/^Painting the catalogue: \d+ of \d+/);
  await finish(claimed.slice(1));
  expect(await paintingLine()).toBeNull();
  expect((await planCatalogue(sqliteData(t.sqlite)))?.renderIds).toHaveLength(1);
  expect(await paintingLine()).toBe("Painting the catalogue: 0 of 1. Refresh to see more.");
});
