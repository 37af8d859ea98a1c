// A matrix run's event stream is no side door: it shows a viewer exactly the cells GET /render/:id shows them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let owner: { cookie: string; userId: number };
let stranger: { cookie: string; userId: number };
const runId = crypto.randomUUID();
const cells: Record<"shown" | "nsfw" | "hidden", string> = { shown: "", nsfw: "", hidden: "" };

beforeAll(async () => {
  t = createTestApp();
  owner = await signIn(t, "runner@example.com");
  stranger = await signIn(t, "onlooker@example.com");
  // A settled public run: the stream sends every cell once and closes.
  t.sqlite
    .query(
      `INSERT INTO matrix_runs (id, user_id, base_prompts, style_phrases, model_keys, total_cells, done_cells, failed_cells, visibility, status)
       VALUES (?, ?, '["a red fox"]', '["ink wash"]', '["local:paint","local:sketch","local:pixel"]', 3, 2, 1, 'public', 'done')`,
    )
    .run(runId, owner.userId);
  cells.shown = insertRender(t.sqlite, { userId: owner.userId, stylePhrase: "ink wash", modelKey: "local:paint" });
  // Rejected by the provider's safety check: failed, flagged, with the provider's reason.
  cells.nsfw = insertRender(t.sqlite, { userId: owner.userId, stylePhrase: "ink wash", modelKey: "local:sketch", status: "failed", nsfw: true });
  t.sqlite.query("UPDATE renders SET error = 'flagged: unsafe content described here' WHERE id = ?").run(cells.nsfw);
  // Taken out of the public gallery after the run (moderation): private to its owner.
  cells.hidden = insertRender(t.sqlite, { userId: owner.userId, stylePhrase: "ink wash", modelKey: "local:pixel", visibility: "private" });
  t.sqlite.query("UPDATE renders SET matrix_run_id = ? WHERE user_id = ?").run(runId, owner.userId);
});
afterAll(() => t.cleanup());

async function streamedCells(cookie?: string): Promise<string[]> {
  const response = await t.request(`/matrix/${runId}/events`, { headers: cookie ? { cookie } : {} });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("text/event-stream");
  const text = await response.text();
  const ids: string[] = [];
  for (const block of text.split("\n\n")) {
    const event = /^event: (\w+)$/m.exec(block)?.[1];
    const data = /^data: (.*)$/m.exec(block)?.[1];
    if (event === "cell" && data) ids.push((JSON.parse(data) as { id: string }).id);
  }
  expect(text).toContain("event: progress");
  return ids.sort();
}

async function renderStatus(id: string, cookie?: string): Promise<number> {
  return (await t.request(`/render/${id}`, { headers: { accept: "application/json", ...(cookie ? { cookie } : {}) } })).status;
}

describe("GET /matrix/:id/events", () => {
  test("anonymous and other users see only the cells /render/:id shows them", async () => {
    for (const viewer of [undefined, stranger.cookie]) {
      expect(await streamedCells(viewer)).toEqual([cells.shown]);
      expect(await renderStatus(cells.shown, viewer)).toBe(200);
      expect(await renderStatus(cells.nsfw, viewer)).toBe(404);
      expect(await renderStatus(cells.hidden, viewer)).toBe(404);
    }
    const text = await (await t.request(`/matrix/${runId}/events`)).text();
    expect(text).not.toContain("unsafe content");
  });

  test("the owner sees every cell of their run, as /render/:id shows them", async () => {
    expect(await streamedCells(owner.cookie)).toEqual([cells.shown, cells.nsfw, cells.hidden].sort());
    for (const id of Object.values(cells)) expect(await renderStatus(id, owner.cookie)).toBe(200);
  });
});
