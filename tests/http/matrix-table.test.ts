// One matrix table: the style page, a run's page and the run's live events carry the same cell markup, escaped.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

const PROMPT = `a fox <script>alert("x")</script> & "friends"`;
const STYLE = "ink wash";

let t: TestApp;
let owner: { cookie: string; userId: number };
const runId = crypto.randomUUID();
let done = "";
let queued = "";

beforeAll(async () => {
  t = createTestApp();
  owner = await signIn(t, "matrix@example.com");
  t.sqlite
    .query(
      `INSERT INTO matrix_runs (id, user_id, base_prompts, style_phrases, model_keys, total_cells, done_cells, failed_cells, visibility, status)
       VALUES (?, ?, ?, ?, '["local:paint","local:sketch"]', 2, 1, 0, 'public', 'running')`,
    )
    .run(runId, owner.userId, JSON.stringify([PROMPT]), JSON.stringify([STYLE]));
  done = insertRender(t.sqlite, { userId: owner.userId, basePrompt: PROMPT, stylePhrase: STYLE, modelKey: "local:paint" });
  queued = insertRender(t.sqlite, { userId: owner.userId, basePrompt: PROMPT, stylePhrase: STYLE, modelKey: "local:sketch", status: "pending" });
  t.sqlite.query("UPDATE renders SET matrix_run_id = ? WHERE user_id = ?").run(runId, owner.userId);
});
afterAll(() => t.cleanup());

/** The first `cell` event for each render id, as a browser's EventSource would hand it over. */
async function cellEvents(): Promise<Map<string, { status: string; html: string }>> {
  const response = await t.request(`/matrix/${runId}/events`, { headers: { cookie: owner.cookie } });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  // The run is still going, so the stream stays open: read until both cells have arrived.
  while ((text.match(/^event: cell$/gm) ?? []).length < 2) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const cells = new Map<string, { status: string; html: string }>();
  for (const block of text.split("\n\n")) {
    if (!/^event: cell$/m.test(block)) continue;
    const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as { id: string; status: string; html: string };
    cells.set(data.id, data);
  }
  return cells;
}

function parseCell(html: string): { tags: string[]; alt: string | null } {
  const tags: string[] = [];
  let alt: string | null = null;
  new HTMLRewriter()
    .on("*", {
      element(element) {
        tags.push(element.tagName);
        if (element.tagName === "img") alt = element.getAttribute("alt");
      },
    })
    .transform(html);
  return { tags, alt: alt === null ? null : decodeEntities(alt) };
}

/** HTMLRewriter hands attributes over raw; these are the only entities the renderer writes into them. */
function decodeEntities(text: string): string {
  return text.replaceAll("&#34;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

describe("the matrix cell", () => {
  test("a finished cell: the event's markup is what the style page and the run page show, alt text and all", async () => {
    const events = await cellEvents();
    const cell = events.get(done)!;
    expect(cell.status).toBe("done");
    expect(cell.html).toStartWith(`<div data-matrix-cell="${done}">`);
    expect(cell.html).toContain(`href="/r/${done}"`);
    // Parsed as a browser would: the prompt stays inside the alt text (no element escapes from it), and the
    // alt text names the model by its label, not its key (the client no longer builds its own copy).
    const parsed = parseCell(cell.html);
    expect(parsed.tags).toEqual(["div", "a", "div", "img"]);
    expect(parsed.alt).toBe(`${PROMPT}, in the style “ink wash”, by Local Paint`);

    const stylePage = await (await t.request("/style/ink-wash")).text();
    const runPage = await (await t.request(`/studio/runs/${runId}`, { headers: { cookie: owner.cookie } })).text();
    expect(runPage).toContain(cell.html);
    // The style page's first row is its first screen, fetched eagerly; that hint is the one difference allowed.
    expect(stylePage).toContain(cell.html.replace(`loading="lazy"`, `loading="eager" fetchpriority="high"`));
  });

  test("a queued cell names its run for live progress, and its event markup is the page's", async () => {
    const events = await cellEvents();
    const cell = events.get(queued)!;
    expect(cell.status).toBe("pending");
    expect(cell.html).toStartWith(`<div data-matrix-cell="${queued}" data-live-run="${runId}">`);
    expect(cell.html).toContain("Queued…");
    const runPage = await (await t.request(`/studio/runs/${runId}`, { headers: { cookie: owner.cookie } })).text();
    expect(runPage).toContain(cell.html);
    // Both pages lay the prompt out as an escaped row header.
    expect(runPage).toContain(`<th scope="row" class="text-left align-middle text-xs font-normal text-neutral-300 sm:text-sm">a fox &lt;script&gt;`);
  });
});
