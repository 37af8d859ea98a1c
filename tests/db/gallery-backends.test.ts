// The gallery's reads on both databases: the same history of renders gives the same pages (home, style, render),
// the same search results with a cursor that stays put while renders land, and the same library walk.
import { expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Data } from "../../src/db/data";
import { libraryBatch, librarySnapshotSize, publishedSnapshot } from "../../src/db/library-reads";
import { slugifyStyle } from "../../src/domain/style-phrase";
import { compareChoices } from "../../src/features/compare/service";
import { nearestCatalogueEntries, searchRenders } from "../../src/features/gallery/search";
import {
  defaultRenders,
  findPublicRender,
  findViewableRender,
  galleryCounts,
  homeShowcase,
  listStyles,
  renderSiblings,
  styleCards,
  styleMatrix,
} from "../../src/features/gallery/service";
import { renderVersions } from "../../src/features/gallery/versions";
import { libraryRows } from "../../src/features/library/service";
import { forEachBackend } from "../helpers/backends";

const STYLES = ["oil painting", "neon noir", "watercolor"];
const PROMPTS = ["a red fox", "a lighthouse at dusk", "an oil lamp"];
const MODELS = ["local:paint", "local:sketch"];
const T0 = Date.UTC(2026, 10, 1);

interface Fixture {
  id: string;
  style: string;
  prompt: string;
  model: string;
  status?: "pending" | "done";
  visibility?: "public" | "private";
  nsfw?: boolean;
  userId?: number;
  previousVersionId?: string;
  version?: number;
}

let clock = 0;
async function addRender(data: Data, fixture: Fixture): Promise<string> {
  const { renders } = data.tables;
  const done = (fixture.status ?? "done") === "done";
  const at = T0 + ++clock * 1000;
  await data.db.insert(renders).values({
    id: fixture.id,
    stylePhrase: fixture.style,
    styleSlug: slugifyStyle(fixture.style),
    modelKey: fixture.model,
    basePrompt: fixture.prompt,
    effectivePrompt: `${fixture.prompt}, ${fixture.style}`,
    status: fixture.status ?? "done",
    visibility: fixture.visibility ?? "public",
    nsfw: fixture.nsfw ?? false,
    imagePath: done ? `/images/2026/11/${fixture.id}.webp` : null,
    thumbPath: done ? `/images/2026/11/${fixture.id}_t.webp` : null,
    fullKey: done ? `images/2026/11/${fixture.id}_full.webp` : null,
    fullBytes: done ? 1000 + clock : null,
    width: done ? 1024 : null,
    height: done ? 1024 : null,
    userId: fixture.userId ?? null,
    previousVersionId: fixture.previousVersionId ?? null,
    version: fixture.version ?? 1,
    createdAt: at,
    completedAt: done ? at : null,
  });
  return fixture.id;
}

const cellId = (style: string, prompt: number, model: string) => `${slugifyStyle(style)}-${prompt}-${model.split(":")[1]}`;

/** Every style × prompt × model published, plus what must stay out of public pages. */
async function seed(data: Data): Promise<{ ownerId: number }> {
  clock = 0;
  const { users } = data.tables;
  const [owner] = await data.db.insert(users).values({ googleSub: "owner", email: "owner@example.com" }).returning({ id: users.id });
  for (const style of STYLES) {
    for (const [index, prompt] of PROMPTS.entries()) {
      for (const model of MODELS) await addRender(data, { id: cellId(style, index, model), style, prompt, model });
    }
  }
  await addRender(data, { id: "private-fox", style: "oil painting", prompt: "a secret fox", model: "local:paint", visibility: "private", userId: owner!.id });
  await addRender(data, { id: "flagged-fox", style: "oil painting", prompt: "a red fox", model: "local:paint", nsfw: true });
  await addRender(data, { id: "queued-oil", style: "oil painting", prompt: "a quiet harbour", model: "local:paint", status: "pending" });
  // A re-render of one cell: the newer version supersedes the first.
  await addRender(data, {
    id: "oil-painting-0-paint-v2",
    style: "oil painting",
    prompt: "a red fox",
    model: "local:paint",
    status: "pending",
    previousVersionId: cellId("oil painting", 0, "local:paint"),
    version: 2,
  });
  const { renders } = data.tables;
  await data.db
    .update(renders)
    .set({ status: "done", imagePath: "/images/2026/11/v2.webp", fullKey: "images/2026/11/v2_full.webp", fullBytes: 2000, completedAt: T0 + ++clock * 1000 })
    .where(eq(renders.id, "oil-painting-0-paint-v2"));
  return { ownerId: owner!.id };
}

const ids = (renders: { id: string }[]) => renders.map((render) => render.id);

/** What each backend answered, by question: the PostgreSQL run checks its answers against bun:sqlite's. */
const answers = new Map<string, Map<string, unknown>>();

forEachBackend("gallery reads", (backend) => {
  let ownerId = 0;
  const answered = (question: string, answer: unknown) => {
    let byBackend = answers.get(question);
    if (!byBackend) answers.set(question, (byBackend = new Map()));
    byBackend.set(backend.name, answer);
    return answer;
  };

  test("the home page's sets, the style list and the counts", async () => {
    ({ ownerId } = await seed(backend.data));
    const data = backend.data;
    // 18 cells, the first re-rendered: still 18 public renders (the superseded version leaves the gallery).
    expect(answered("counts", await galleryCounts(data))).toEqual({ public_renders: 18, styles: 3 });
    expect(answered("styles", await listStyles(data))).toEqual([
      { phrase: "neon noir", slug: "neon-noir", count: 6 },
      { phrase: "oil painting", slug: "oil-painting", count: 6 },
      { phrase: "watercolor", slug: "watercolor", count: 6 },
    ]);
    // No curated renders: a diagonal, style i with prompt i (prompts tie on count, so catalogue order).
    expect(ids(answered("default", await defaultRenders(data, 3)) as { id: string }[])).toEqual([
      cellId("neon noir", 0, "local:paint"),
      cellId("oil painting", 1, "local:paint"),
      cellId("watercolor", 2, "local:paint"),
    ]);
    const showcase = await homeShowcase(data, 2, 2);
    expect(showcase.prompts).toEqual(["a red fox", "a lighthouse at dusk"]);
    expect(showcase.cells.get("a red fox")!.get("oil-painting")!.id).toBe("oil-painting-0-paint-v2");
    answered("showcase", { ...showcase, cells: [...showcase.cells].map(([prompt, row]) => [prompt, [...row]]) });
  });

  test("a style's matrix and explore's cards", async () => {
    const data = backend.data;
    const matrix = (await styleMatrix(data, "oil-painting"))!;
    expect(matrix.prompts).toEqual(["a lighthouse at dusk", "a quiet harbour", "a red fox", "an oil lamp"]);
    expect(matrix.models).toEqual(MODELS);
    expect(matrix.cells.get("a quiet harbour")!.get("local:paint")!.status).toBe("pending");
    expect(matrix.cells.get("a red fox")!.get("local:paint")!.id).toBe("oil-painting-0-paint-v2");
    expect([...matrix.cells.values()].flatMap((row) => [...row.values()]).map((render) => render.id)).not.toContain("flagged-fox");
    answered("matrix", { ...matrix, cells: [...matrix.cells].map(([prompt, row]) => [prompt, [...row]]) });
    expect(await styleMatrix(data, "no-such-style")).toBeNull();
    const { cards, total } = await styleCards(data, { sort: "az", offset: 1, limit: 2 });
    expect(total).toBe(3);
    expect(cards.map((card) => [card.slug, card.cover?.id])).toEqual([
      ["oil-painting", cellId("oil painting", 0, "local:sketch")],
      ["watercolor", cellId("watercolor", 0, "local:paint")],
    ]);
    answered("cards", cards);
  });

  test("a render page: who may see it, its siblings, versions and what it compares with", async () => {
    const data = backend.data;
    expect(await findPublicRender(data, "private-fox")).toBeNull();
    expect(await findViewableRender(data, "private-fox", null)).toBeNull();
    expect((await findViewableRender(data, "private-fox", ownerId))!.visibility).toBe("private");
    expect(await findViewableRender(data, "flagged-fox", null)).toBeNull();
    const render = (await findPublicRender(data, cellId("neon noir", 1, "local:paint")))!;
    expect(render.created_at).toMatch(/^2026-11-01T00:\d\d:\d\d\.000Z$/);
    const siblings = ids(await renderSiblings(data, render, 4));
    // The same cell's other model first, then the same prompt in other styles in gallery order.
    expect(siblings).toEqual([cellId("neon noir", 1, "local:sketch"), cellId("oil painting", 1, "local:paint"), cellId("oil painting", 1, "local:sketch"), cellId("watercolor", 1, "local:paint")]);
    answered("siblings", siblings);
    const versions = await renderVersions(data, "oil-painting-0-paint-v2", null);
    expect(versions.map((version) => [version.id, version.version])).toEqual([
      [cellId("oil painting", 0, "local:paint"), 1],
      ["oil-painting-0-paint-v2", 2],
    ]);
    const choices = await compareChoices(data, (await findPublicRender(data, "oil-painting-0-paint-v2"))!, null, 10);
    expect(ids(choices.versions)).toEqual([cellId("oil painting", 0, "local:paint")]);
    expect(ids(choices.otherModels)).toEqual([cellId("oil painting", 0, "local:sketch")]);
    expect(ids(choices.otherStyles)).toEqual([cellId("neon noir", 0, "local:paint"), cellId("watercolor", 0, "local:paint")]);
    answered("choices", choices);
  });

  test("search finds styles, subjects and mixes, and suggests for a miss", async () => {
    const data = backend.data;
    const oil = await searchRenders(data, { q: "oil", offset: 0, limit: 50 });
    // Style matches first (oil painting's 6), then the subject "an oil lamp" in the other styles (4).
    expect(oil.total).toBe(10);
    expect(ids(oil.results).slice(0, 6).every((id) => id.startsWith("oil-painting-"))).toBe(true);
    expect(oil.matched).toEqual({ styles: [{ slug: "oil-painting", phrase: "oil painting" }], prompts: ["an oil lamp"], models: [] });
    const mixed = await searchRenders(data, { q: "fox neon", offset: 0, limit: 50 });
    expect(ids(mixed.results)).toEqual([cellId("neon noir", 0, "local:paint"), cellId("neon noir", 0, "local:sketch")]);
    const filtered = await searchRenders(data, { q: "lighthouse", model: "local:sketch", offset: 0, limit: 50 });
    expect(ids(filtered.results)).toEqual(STYLES.map((style) => cellId(style, 1, "local:sketch"))); // gallery order
    const newest = await searchRenders(data, { q: "oil", sort: "newest", offset: 0, limit: 3 });
    expect(ids(newest.results)).toEqual(["oil-painting-0-paint-v2", cellId("watercolor", 2, "local:sketch"), cellId("watercolor", 2, "local:paint")]);
    const suggestions = await nearestCatalogueEntries(data, "lighthose");
    expect(suggestions.prompts).toEqual(["a lighthouse at dusk"]);
    expect(await searchRenders(data, { q: "secret", offset: 0, limit: 10 })).toMatchObject({ total: 0, results: [] });
    answered("search", [oil, mixed, filtered, newest, suggestions].map((page) => ({ ...page, cursor: undefined })));
  });

  test("search pages with a cursor cover exactly the first answer's set while matching renders land", async () => {
    const data = backend.data;
    for (const sort of ["az", "newest"] as const) {
      const first = await searchRenders(data, { q: "oil", sort, offset: 0, limit: 3 });
      const seen = ids(first.results);
      let offset = first.next_offset;
      let round = 0;
      while (offset !== null) {
        await addRender(data, { id: `late-${sort}-${round++}`, style: "oil painting", prompt: "an oil lamp", model: "local:paint" });
        const page = await searchRenders(data, { q: "oil", sort, offset, limit: 3, cursor: first.cursor });
        expect(page.total).toBe(first.total);
        seen.push(...ids(page.results));
        offset = page.next_offset;
      }
      expect(seen).toHaveLength(first.total);
      expect(new Set(seen).size).toBe(first.total);
      expect(seen.some((id) => id.startsWith(`late-${sort}-`))).toBe(false);
      expect((await searchRenders(data, { q: "oil", sort, offset: 0, limit: 3 })).total).toBe(first.total + round);
      answered(`paging ${sort}`, seen);
    }
    await expect(searchRenders(data, { q: "oil", offset: 3, limit: 3, cursor: "bm90LWEtY3Vyc29y" })).rejects.toThrow("cursor");
  });

  test("the library walks its snapshot in keyset batches", async () => {
    const data = backend.data;
    const snapshot = await publishedSnapshot(data);
    const published = (await galleryCounts(data)).public_renders;
    await addRender(data, { id: "after-snapshot", style: "watercolor", prompt: "a red fox", model: "local:paint" });
    const walked: string[] = [];
    let after = 0;
    for (;;) {
      const batch = await libraryBatch(data, after, snapshot, 4);
      walked.push(...ids(batch));
      if (batch.length < 4) break;
      after = batch.at(-1)!.gallerySeq!;
    }
    const all: string[] = [];
    let bytes = 0;
    for await (const row of libraryRows(data, snapshot)) {
      all.push(row.id);
      bytes += row.fullBytes!;
      expect(typeof row.createdAt).toBe("number");
    }
    expect(walked).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain("after-snapshot");
    expect(all).not.toContain("private-fox");
    expect(all).not.toContain(cellId("oil painting", 0, "local:paint")); // superseded by its re-render
    expect(all).toHaveLength(published);
    expect(await librarySnapshotSize(data, snapshot)).toEqual({ files: all.length, bytes });
    answered("library", all);
  });

  test.skipIf(backend.name === "sqlite")("every answer is the one bun:sqlite gave", () => {
    const compared = [...answers].filter(([, byBackend]) => byBackend.has("sqlite"));
    expect(compared.length).toBeGreaterThan(8);
    for (const [question, byBackend] of compared) expect({ question, answer: byBackend.get("postgres") }).toEqual({ question, answer: byBackend.get("sqlite") });
  });
});
