// A style page stays light however many prompts the style has: twelve prompts a page, a keyset link to the
// next, every model a column; at the 1M bench's shape (50 prompts × 10 models) it is well under 60 KB compressed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
const PROMPTS = Array.from({ length: 50 }, (_, i) => `prompt ${String(i + 10)} of a quiet harbour at dawn`);
const MODELS = Array.from({ length: 10 }, (_, i) => `local:model-${i}`);

beforeAll(() => {
  t = createTestApp();
  for (const basePrompt of PROMPTS) for (const modelKey of MODELS) insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting", modelKey });
});
afterAll(() => t.cleanup());

const rowsOf = (html: string) => [...html.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((match) => match[1]);

describe("GET /style/:slug", () => {
  test("twelve prompts a page, every model a column, and a link to the next prompts", async () => {
    const html = await (await t.request("/style/oil-painting")).text();
    expect(rowsOf(html)).toEqual(PROMPTS.slice(0, 12));
    expect(html).toContain("500 renders · 50 prompts × 10 models");
    expect(html).toContain("Prompts 1–12 of 50");
    expect((html.match(/<th scope="col"/g) ?? []).length).toBe(1 + MODELS.length);
    const next = /href="(\/style\/oil-painting\?after=[^"]+)" rel="next"/.exec(html)?.[1];
    expect(next).toBeDefined();

    const second = await (await t.request(next!.replaceAll("&amp;", "&"))).text();
    expect(rowsOf(second)).toEqual(PROMPTS.slice(12, 24));
    expect(second).toContain("Prompts 13–24 of 50");
    expect(second).toContain('href="/style/oil-painting" class');
  });

  test("the last page has no next link, and a prompt added earlier does not shift the pages after it", async () => {
    const html = await (await t.request(`/style/oil-painting?after=${encodeURIComponent(PROMPTS[47]!)}`)).text();
    expect(rowsOf(html)).toEqual(PROMPTS.slice(48));
    expect(html).not.toContain('rel="next"');

    insertRender(t.sqlite, { basePrompt: "a lantern", stylePhrase: "oil painting", modelKey: MODELS[0] });
    const after = await (await t.request(`/style/oil-painting?after=${encodeURIComponent(PROMPTS[11]!)}`)).text();
    expect(rowsOf(after)).toEqual(PROMPTS.slice(12, 24));
    expect(after).toContain("of 51");
  });

  test("at 50 prompts × 10 models a page is far below 60 KB compressed", async () => {
    const response = await t.request("/style/oil-painting", { headers: { "accept-encoding": "br" } });
    expect(response.headers.get("content-encoding")).toBe("br");
    const compressed = (await response.arrayBuffer()).byteLength;
    expect(compressed).toBeLessThan(60_000);
    // The page before paging carried all 50 rows: about four times as many cells.
    expect((await (await t.request("/style/oil-painting")).text()).match(/<td/g)?.length).toBe(12 * MODELS.length);
  });

  test("`after` is part of the cache key; unknown parameters are not", async () => {
    const first = await t.request("/style/oil-painting");
    const bust = await t.request("/style/oil-painting?bust=1");
    expect(bust.headers.get("etag")).toBe(first.headers.get("etag"));
    const paged = await t.request(`/style/oil-painting?after=${encodeURIComponent(PROMPTS[11]!)}`);
    expect(paged.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  test("an over-long `after` is a 400 with a message", async () => {
    const response = await t.request(`/style/oil-painting?after=${"x".repeat(401)}`);
    expect(response.status).toBe(400);
  });
});
