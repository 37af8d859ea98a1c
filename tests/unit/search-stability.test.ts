// Search results are a fixed set: paging with the cursor never shifts, whatever is published meanwhile.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { sqliteData } from "../../src/db/data";
import { searchRenders } from "../../src/features/gallery/search";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;

beforeAll(() => {
  t = createTestApp();
  for (let i = 0; i < 25; i++) insertRender(t.sqlite, { stylePhrase: i % 2 ? "neon noir" : "neon pop", basePrompt: `prompt ${i}` });
});
afterAll(() => t.cleanup());

test("pages read with the first answer's cursor cover exactly the original set, while renders are added and finish", async () => {
  const pending = insertRender(t.sqlite, { stylePhrase: "neon pop", status: "pending" });
  const first = await searchRenders(sqliteData(t.sqlite), { q: "neon", offset: 0, limit: 10 });
  expect(first.total).toBe(25);
  const seen = first.results.map((r) => r.id);
  let offset = first.next_offset;
  let round = 0;
  while (offset !== null) {
    // Between pages: new renders land in both matching styles, and a pending one finishes.
    insertRender(t.sqlite, { stylePhrase: "neon noir", basePrompt: `late ${round}` });
    insertRender(t.sqlite, { stylePhrase: "neon pop", basePrompt: `late ${round}` });
    if (round === 0) t.sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(pending);
    round++;
    const page = await searchRenders(sqliteData(t.sqlite), { q: "neon", offset, limit: 10, cursor: first.cursor });
    expect(page.total).toBe(25);
    seen.push(...page.results.map((r) => r.id));
    offset = page.next_offset;
  }
  expect(seen).toHaveLength(25);
  expect(new Set(seen).size).toBe(25);
  expect(seen).not.toContain(pending);
  expect(seen.every((id) => !t.sqlite.query("SELECT 1 FROM renders WHERE id = ? AND base_prompt LIKE 'late %'").get(id))).toBe(true);

  // A fresh search (no cursor) sees the new renders.
  const fresh = await searchRenders(sqliteData(t.sqlite), { q: "neon", offset: 0, limit: 10 });
  expect(fresh.total).toBe(25 + 2 * round + 1);
});

test("the same cursor and offset always return the same page", async () => {
  const first = await searchRenders(sqliteData(t.sqlite), { q: "neon noir", offset: 0, limit: 5 });
  const again = async () => (await searchRenders(sqliteData(t.sqlite), { q: "neon noir", offset: 5, limit: 5, cursor: first.cursor })).results.map((r) => r.id);
  const before = await again();
  insertRender(t.sqlite, { stylePhrase: "neon noir" });
  expect(await again()).toEqual(before);
});
