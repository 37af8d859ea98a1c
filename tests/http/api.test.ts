// The JSON read API a client sees: shapes, paging, stable snapshots, and clear 400s for bad parameters.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
const STYLES = ["oil painting", "oil pastel", "pixel art", "watercolor wash"];
const PROMPTS = ["a red fox", "a tin robot", "a lighthouse"];
const MODELS = ["local:sketch", "local:paint"];

beforeAll(() => {
  t = createTestApp();
  for (const style of STYLES) for (const prompt of PROMPTS) for (const model of MODELS) insertRender(t.sqlite, { stylePhrase: style, basePrompt: prompt, modelKey: model });
  insertRender(t.sqlite, { stylePhrase: "oil painting", status: "pending" });
  insertRender(t.sqlite, { stylePhrase: "oil painting", visibility: "private" });
  insertRender(t.sqlite, { stylePhrase: "oil painting", nsfw: true });
});
afterAll(() => t.cleanup());

const RENDER_FIELDS = ["id", "style_phrase", "model_key", "base_prompt", "status", "image_path", "thumb_path", "width", "height", "thumbhash", "created_at"];

describe("GET /", () => {
  test("answers API info as JSON when the client asks for JSON", async () => {
    const response = await t.json("/");
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(body.name).toBe("AI Gallery");
    expect(body.endpoints).toContain("GET /health");
  });
});

describe("GET /health", () => {
  test("reports the database reachable with public counts and the queue", async () => {
    const response = await t.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "ok",
      counts: { public_renders: 24, styles: 4 },
      queue: { pending: 1, running: 0, failed_last_hour: 0 },
      // Without provider keys only the offline models are offered; retired ones are never listed as ok.
      models: { "local:sketch": "ok", "local:paint": "ok", "local:pixel": "ok" },
      pid: process.pid,
    });
  });
});

describe("GET /search", () => {
  test("matches every word as a prefix and counts only public finished renders", async () => {
    const body = await (await t.request("/search?q=oil")).json();
    expect(body.total).toBe(12);
    expect(new Set(body.results.map((r: { style_phrase: string }) => r.style_phrase))).toEqual(new Set(["oil painting", "oil pastel"]));
    const multiWord = await (await t.request("/search?q=oil%20paint")).json();
    expect(multiWord.total).toBe(6);
    expect(multiWord.results.every((r: { style_phrase: string }) => r.style_phrase === "oil painting")).toBe(true);
  });

  test("a render carries the fields clients rely on, with URL paths for images", async () => {
    const body = await (await t.request("/search?q=pixel&limit=1")).json();
    const render = body.results[0];
    for (const field of RENDER_FIELDS) expect(render).toHaveProperty(field);
    expect(render.status).toBe("done");
    expect(render.image_path).toMatch(/^\/images\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.webp$/);
    expect(render.thumb_path).toMatch(/^\/images\/\d{4}\/\d{2}\/[0-9a-f-]{36}_t\.webp$/);
    expect(new Date(render.created_at).toISOString()).toBe(render.created_at);
  });

  test("pages with offset and limit and says where the next page starts", async () => {
    const first = await (await t.request("/search?q=oil&limit=5")).json();
    expect(first).toMatchObject({ total: 12, offset: 0, limit: 5, next_offset: 5 });
    const ids = new Set<string>(first.results.map((r: { id: string }) => r.id));
    let offset = first.next_offset;
    while (offset !== null) {
      const page = await (await t.request(`/search?q=oil&limit=5&offset=${offset}&cursor=${first.cursor}`)).json();
      for (const r of page.results) ids.add(r.id);
      offset = page.next_offset;
    }
    expect(ids.size).toBe(12);
  });

  test("text FTS5 would choke on is searched as plain words, never an error", async () => {
    for (const q of ["oil\"", "oil*", "oil AND", "-oil", "NEAR(oil)", "oil OR pixel", "'; DROP TABLE renders; --", "ø ü 中文", "^oil"]) {
      const response = await t.request(`/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(Array.isArray(body.results)).toBe(true);
    }
    const literal = await (await t.request(`/search?q=${encodeURIComponent('"oil" NOT')}`)).json();
    expect(literal.total).toBe(0); // "not" is a word here, and no style, prompt or model has it
  });

  test.each([
    ["/search", "q must be given"],
    ["/search?q=", "q must contain at least one letter or digit"],
    ["/search?q=***", "q must contain at least one letter or digit"],
    ["/search?q=%22", "q must contain at least one letter or digit"],
    ["/search?q=oil&limit=0", "limit must be a whole number from 1 to 100"],
    ["/search?q=oil&limit=101", "limit must be a whole number from 1 to 100"],
    ["/search?q=oil&limit=ten", "limit must be a whole number from 1 to 100"],
    ["/search?q=oil&offset=-1", "offset must be a whole number from 0 to 100000"],
    ["/search?q=oil&cursor=bm90LWEtY3Vyc29y", "cursor is not one this server issued"],
    [`/search?q=${"a".repeat(201)}`, "q must be given, as text of at most 200 characters"],
  ])("%s → 400 with a message", async (path, message) => {
    const response = await t.request(path);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect((await response.json()).error).toContain(message);
  });
});

describe("GET /styles and /default", () => {
  test("lists every style with a public render, with its slug and count", async () => {
    const body = await (await t.request("/styles")).json();
    expect(body.styles).toEqual([
      { phrase: "oil painting", slug: "oil-painting", count: 6 },
      { phrase: "oil pastel", slug: "oil-pastel", count: 6 },
      { phrase: "pixel art", slug: "pixel-art", count: 6 },
      { phrase: "watercolor wash", slug: "watercolor-wash", count: 6 },
    ]);
  });

  test("the default set has one render per style when nothing is curated, and follows curated_rank when some are", async () => {
    const uncurated = await (await t.request("/default")).json();
    expect(uncurated.results.map((r: { style_phrase: string }) => r.style_phrase)).toEqual(STYLES);
    const curatedId = insertRender(t.sqlite, { stylePhrase: "watercolor wash", curatedRank: 1 });
    const curated = await (await t.request("/default")).json();
    expect(curated.results.map((r: { id: string }) => r.id)).toEqual([curatedId]);
    t.sqlite.query("DELETE FROM renders WHERE id = ?").run(curatedId);
  });
});

describe("GET /render/:id", () => {
  test("returns a public render and 404 JSON for unknown, private or rejected ones", async () => {
    const id = insertRender(t.sqlite, { stylePhrase: "pixel art" });
    const response = await t.request(`/render/${id}`);
    expect(response.status).toBe(200);
    expect((await response.json()).id).toBe(id);
    const privateId = insertRender(t.sqlite, { visibility: "private" });
    const nsfwId = insertRender(t.sqlite, { nsfw: true });
    for (const missing of ["no-such-render", privateId, nsfwId]) {
      const notFound = await t.request(`/render/${missing}`);
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toEqual({ error: "Render not found", status: 404 });
    }
  });
});

describe("OpenAPI", () => {
  test("/docs/json describes the API paths; /docs is a readable page", async () => {
    const spec = await (await t.request("/docs/json")).json();
    expect(spec.openapi).toMatch(/^3\./);
    for (const path of ["/search", "/styles", "/default", "/render/{id}", "/health"]) expect(spec.paths).toHaveProperty(path);
    const page = await t.request("/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("/render/{id}");
  });

  test("/docs shows a curl example for every endpoint, with a body where it takes one", async () => {
    const spec = await (await t.request("/docs/json")).json();
    const operations = Object.values(spec.paths as Record<string, object>).reduce((n: number, methods) => n + Object.keys(methods).length, 0);
    const html = await (await t.request("/docs")).text();
    const examples = [...html.matchAll(/<pre[^>]*data-curl[^>]*>([^<]*)<\/pre>/g)].map((match) => match[1]!.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, "&"));
    expect(examples).toHaveLength(operations);
    expect(examples.every((example) => example.startsWith("curl "))).toBe(true);
    expect(examples).toContain('curl -H "accept: application/json" "$GALLERY/render/ID"');
    expect(examples).toContain('curl -H "accept: application/json" "$GALLERY/search?q=fox"');
    expect(examples.find((example) => example.includes("$GALLERY/matrix\""))).toBe(
      `curl -X POST -H "origin: $GALLERY" -b cookies.txt -H "content-type: application/json" -d '{"base_prompts":["a red fox"],"style_phrases":["watercolor"],"model_keys":["local:paint"]}' -H "accept: application/json" "$GALLERY/matrix"`,
    );
    expect(examples.find((example) => example.includes("$GALLERY/upload\""))).toContain('-F "file=@photo.jpg"');
  });
});
