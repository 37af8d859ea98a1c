// The HTML pages a visitor sees: content, links, alt text, security headers, caching with ETag/304, friendly 404s.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { MAX_STALE_MS } from "../../src/http/gallery-version";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let foxOilSketch: string;

beforeAll(() => {
  t = createTestApp();
  for (const style of ["oil painting", "pixel art"]) {
    for (const prompt of ["a red fox", "a tin robot"]) {
      for (const model of ["local:sketch", "local:paint"]) {
        const id = insertRender(t.sqlite, { stylePhrase: style, basePrompt: prompt, modelKey: model });
        if (style === "oil painting" && prompt === "a red fox" && model === "local:sketch") foxOilSketch = id;
      }
    }
  }
});
afterAll(() => t.cleanup());

async function page(path: string) {
  const response = await t.request(path);
  return { response, html: await response.text() };
}

describe("pages", () => {
  test("home: search box, style chips, a prompts × styles matrix, and one render per style on a diagonal", async () => {
    const { response, html } = await page("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('role="search"');
    expect(html).toContain('href="/style/oil-painting"');
    expect(html).toContain('href="/style/pixel-art"');
    expect(html).toContain("8 images");
    const showcase = html.slice(html.indexOf("data-showcase"), html.indexOf('id="styles-heading"'));
    expect(showcase).toContain("Same prompt, many styles");
    expect(showcase.match(/<th scope="row"/g)?.length).toBe(2);
    expect(showcase.match(/href="\/r\/[0-9a-f-]{36}"/g)?.length).toBe(4);
    const gallery = html.slice(html.indexOf('id="gallery-heading"'));
    expect(gallery.match(/href="\/r\/[0-9a-f-]{36}"/g)?.length).toBe(2);
    // Style i shows prompt i: not the same subject twice.
    expect(gallery).toContain("a red fox");
    expect(gallery).toContain("a tin robot");
  });

  test("explore without a query lists all styles; with one, the matching renders and a pager", async () => {
    const all = await page("/explore");
    expect(all.html).toContain("All styles");
    expect(all.html).toContain(">oil painting<");
    const found = await page("/explore?q=pix");
    expect(found.response.status).toBe(200);
    expect(found.html).toContain("4 renders");
    expect(found.html.match(/href="\/r\//g)?.length).toBe(4);
    expect(found.html).not.toContain(">oil painting<");
    const none = await page("/explore?q=zzz");
    expect(none.html).toContain("No renders match.");
  });

  test("style page: a matrix with prompts as rows and models as columns, lazy thumbnails with srcset", async () => {
    const { response, html } = await page("/style/oil-painting");
    expect(response.status).toBe(200);
    expect(html).toContain("<h1");
    expect(html).toContain("2 prompts × 2 models");
    expect(html).toMatch(/<th scope="row"[^>]*>a red fox<\/th>/);
    expect(html).toContain(">Local Sketch</th>");
    expect(html).toContain(">Local Paint</th>");
    // The first row is the first screen: fetched at once; the rows below wait until scrolled near.
    expect(html).toMatch(/a red fox<\/th><td[^>]*><div data-matrix-cell[^>]*><a[^>]*><div[^>]*><img[^>]*loading="eager" fetchpriority="high"/);
    expect(html).toMatch(/a tin robot<\/th><td[^>]*><div data-matrix-cell[^>]*><a[^>]*><div[^>]*><img[^>]*loading="lazy"/);
    expect(html).toMatch(/srcset="\/images\/2026\/11\/[0-9a-f-]{36}_t\.webp 384w, \/images\/2026\/11\/[0-9a-f-]{36}_t2\.webp 768w"/);
    expect(html).toContain('data-thumbhash="');
    expect(html).toContain('<link rel="canonical" href="http://localhost:8000/style/oil-painting"/>');
  });

  test("render page: large image, prompt, style, model, date, alt text and siblings", async () => {
    const { response, html } = await page(`/r/${foxOilSketch}`);
    expect(response.status).toBe(200);
    expect(html).toContain(`src="/images/2026/11/${foxOilSketch}.webp"`);
    expect(html).toContain('alt="a red fox, in the style “oil painting”, by Local Sketch"');
    expect(html).toContain(">a red fox</h1>");
    expect(html).toContain("<dd><span>Local Sketch</span></dd>");
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/);
    expect(html).toContain("Same prompt, other styles and models");
    // The other three renders of "a red fox" and none of "a tin robot".
    const siblingSection = html.slice(html.indexOf("Same prompt"));
    expect(siblingSection.match(/href="\/r\//g)?.length).toBe(3);
    expect(siblingSection).not.toContain("a tin robot");
  });

  test.each(["/r/unknown", "/style/no-such-style", "/no/such/page", `/r/${crypto.randomUUID()}`])("%s → friendly 404 page", async (path) => {
    const { response, html } = await page(path);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(html).toContain("Back to the gallery");
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  test("a private render's page is 404 to visitors", async () => {
    const id = insertRender(t.sqlite, { visibility: "private" });
    expect((await t.request(`/r/${id}`)).status).toBe(404);
  });
});

describe("security headers", () => {
  test.each(["/", "/style/oil-painting", "/search?q=oil", "/nope", "/health"])("%s carries CSP without inline script or eval", async (path) => {
    const response = await t.request(path);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  test("pages have no inline script", async () => {
    for (const path of ["/", "/explore?q=oil", "/style/oil-painting", `/r/${foxOilSketch}`, "/docs"]) {
      const { html } = await page(path);
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/src="\/app\.js\?v=/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
  });
});

describe("response caching", () => {
  test("same bytes and ETag on repeat; If-None-Match gives 304; a new render invalidates", async () => {
    const first = await t.request("/style/pixel-art");
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const body = await first.text();
    const second = await t.request("/style/pixel-art");
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.text()).toBe(body);
    const revalidated = await t.request("/style/pixel-art", { headers: { "if-none-match": etag! } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe("");

    insertRender(t.sqlite, { stylePhrase: "pixel art", basePrompt: "a lighthouse", modelKey: "local:paint" });
    const changed = await t.request("/style/pixel-art", { headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.text()).toContain("a lighthouse");
  });

  test("a render published through another connection (another process) invalidates within moments", async () => {
    const etag = (await t.request("/style/pixel-art")).headers.get("etag");
    const other = new Database(t.config.dbPath);
    try {
      other.exec("PRAGMA busy_timeout = 5000");
      insertRender(other, { stylePhrase: "pixel art", basePrompt: "a windmill", modelKey: "local:paint" });
    } finally {
      other.close();
    }
    // This connection has not written: the version is read again once MAX_STALE_MS has passed.
    await Bun.sleep(MAX_STALE_MS + 5);
    const changed = await t.request("/style/pixel-art", { headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("a windmill");
  });

  test("a pending render does not change the public pages", async () => {
    const before = (await t.request("/")).headers.get("etag");
    insertRender(t.sqlite, { stylePhrase: "pixel art", status: "pending" });
    expect((await t.request("/")).headers.get("etag")).toBe(before);
  });
});
