// /compare: two renders of one prompt as a slider, side by side or a heat map, under the images' access rules;
// different prompts are a 400 that says why, unknown or someone else's private renders a 404, never a 500.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import sharp from "sharp";
import { createImageStore } from "../../src/storage";
import { makePicturePng } from "../fakes/png";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

const FOX = "a red fox";
let t: TestApp;
let owner: { cookie: string; userId: number };
let stranger: { cookie: string; userId: number };
const ids = {} as Record<"oil" | "watercolor" | "oilSketch" | "robot" | "privateFox" | "pending" | "unsafe" | "missingFile", string>;

/** A web image as the generator stores it: WebP at 768 px. */
const webImage = async (picture: number) => sharp(await makePicturePng(picture, 768)).webp({ quality: 86 }).toBuffer();

async function storeImage(id: string, bytes: Uint8Array) {
  await createImageStore(t.config.storage).write(`images/2026/11/${id}.webp`, bytes);
}

beforeAll(async () => {
  t = createTestApp();
  owner = await signIn(t, "owner@example.com");
  stranger = await signIn(t, "stranger@example.com");
  const [first, second] = await Promise.all([webImage(1), webImage(4)]);
  ids.oil = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "oil painting", modelKey: "local:paint" });
  ids.watercolor = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "watercolor", modelKey: "local:paint" });
  // The same picture as oil painting's, so their heat map must be all dark.
  ids.oilSketch = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "oil painting", modelKey: "local:sketch" });
  ids.robot = insertRender(t.sqlite, { basePrompt: "a tin robot", stylePhrase: "oil painting", modelKey: "local:paint" });
  ids.privateFox = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "pixel art", modelKey: "local:paint", visibility: "private", userId: owner.userId });
  ids.pending = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "linocut", status: "pending" });
  ids.unsafe = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "mosaic", nsfw: true });
  ids.missingFile = insertRender(t.sqlite, { basePrompt: FOX, stylePhrase: "claymation" });
  await Promise.all([
    storeImage(ids.oil, first),
    storeImage(ids.oilSketch, first),
    storeImage(ids.watercolor, second),
    storeImage(ids.robot, second),
    storeImage(ids.privateFox, second),
    storeImage(ids.unsafe, second),
  ]);
});
afterAll(() => t.cleanup());

const compare = (a: string, b: string, extra = "", init?: RequestInit) => t.request(`/compare?a=${a}&b=${b}${extra}`, init);
const heatmap = (a: string, b: string, init?: RequestInit) => t.request(`/compare/heatmap?a=${a}&b=${b}`, init);
const asOwner = () => ({ headers: { cookie: owner.cookie } });

/** The brightest channel value in an image, and the share of pixels brighter than `level` on any channel. */
async function brightness(bytes: ArrayBuffer, level = 40): Promise<{ max: number; brightShare: number; width: number }> {
  const { data, info } = await sharp(Buffer.from(bytes)).raw().toBuffer({ resolveWithObject: true });
  let max = 0;
  let bright = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const value = Math.max(data[i]!, data[i + 1]!, data[i + 2]!);
    max = Math.max(max, value);
    if (value > level) bright++;
  }
  return { max, brightShare: bright / (data.length / info.channels), width: info.width };
}

describe("the compare page", () => {
  test("two styles of one prompt: a slider whose range is a named control over both images, cached for everyone", async () => {
    const response = await compare(ids.oil, ids.watercolor);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("cache-control")).toBe("public, no-cache");
    const html = await response.text();
    const slider = html.slice(html.indexOf("data-before-after"), html.indexOf("data-split-line"));
    expect(slider).toContain(`src="/images/2026/11/${ids.oil}.webp"`);
    expect(slider).toContain(`src="/images/2026/11/${ids.watercolor}.webp"`);
    expect(slider.indexOf(ids.oil)).toBeLessThan(slider.indexOf(ids.watercolor));
    expect(slider).toMatch(/<input type="range" min="0" max="100" step="1" value="50"[^>]*aria-label="Split between oil painting \(left\) and watercolor \(right\)"/);
    // The view switch keeps the pair in the URL; the current view is marked for screen readers.
    expect(html).toMatch(/href="\/compare\?a=[^"]+" aria-current="page"[^>]*>Slider</);
    expect(html).toContain(`href="/compare?a=${ids.oil}&b=${ids.watercolor}&mode=side"`);
    expect(html).toContain(`href="/compare?a=${ids.oil}&b=${ids.watercolor}&mode=diff"`);
    expect(html).toContain(`href="/compare?a=${ids.watercolor}&b=${ids.oil}"`);
  });

  test("two models are labelled by model; side by side and difference views are their own links", async () => {
    const html = await (await compare(ids.oil, ids.oilSketch)).text();
    expect(html).toContain('aria-label="Split between Local Paint (left) and Local Sketch (right)"');
    const side = await (await compare(ids.oil, ids.oilSketch, "&mode=side")).text();
    expect(side).toContain("data-compare-side");
    expect(side).not.toContain("data-before-after");
    expect(side).toMatch(/href="\/compare\?a=[^"]+mode=side" aria-current="page"/);
    const diff = await (await compare(ids.oil, ids.oilSketch, "&mode=diff")).text();
    expect(diff).toContain(`src="/compare/heatmap?a=${ids.oil}&b=${ids.oilSketch}"`);
  });

  test("renders of different prompts: a 400 page that says to compare renders of the same prompt", async () => {
    const response = await compare(ids.oil, ids.robot);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Compare renders of the same prompt");
    const json = await compare(ids.oil, ids.robot, "", { headers: { accept: "application/json" } });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toContain("same prompt");
    expect((await heatmap(ids.oil, ids.robot)).status).toBe(400);
  });

  test("unknown ids are 404; bad or missing parameters, the same render twice and unfinished renders are 400s", async () => {
    for (const [a, b] of [[ids.oil, crypto.randomUUID()], [crypto.randomUUID(), ids.oil], ["not-a-render", ids.oil], [ids.oil, "%27%3B--"]]) {
      expect((await compare(a!, b!)).status).toBe(404);
      expect((await heatmap(a!, b!)).status).toBe(404);
    }
    expect((await compare(ids.oil, ids.oil)).status).toBe(400);
    expect(await (await compare(ids.oil, ids.pending)).text()).toContain("isn’t finished yet");
    expect((await compare(ids.oil, ids.pending)).status).toBe(400);
    const badMode = await compare(ids.oil, ids.watercolor, "&mode=blink");
    expect(badMode.status).toBe(400);
    expect(await badMode.text()).toContain("mode must be slider, side or diff");
    expect((await t.request("/compare")).status).toBe(400);
    expect((await t.request(`/compare?a=${"x".repeat(65)}&b=${ids.oil}`)).status).toBe(400);
    expect((await t.request(`/compare/heatmap?a=${ids.oil}`)).status).toBe(400);
  });

  test("a private render: its owner compares it (never cached), everyone else gets the same 404 as for no render", async () => {
    const mine = await compare(ids.oil, ids.privateFox, "", asOwner());
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    expect(await mine.text()).toContain(`/images/2026/11/${ids.privateFox}.webp`);
    for (const init of [undefined, { headers: { cookie: stranger.cookie } }]) {
      for (const [a, b] of [[ids.oil, ids.privateFox], [ids.privateFox, ids.oil]]) {
        const page = await compare(a!, b!, "", init);
        expect(page.status).toBe(404);
        expect(await page.text()).not.toContain(ids.privateFox);
        const image = await heatmap(a!, b!, init);
        expect(image.status).toBe(404);
        expect(image.headers.get("content-type")).not.toBe("image/webp");
      }
    }
    // A render a safety check rejected stays hidden from everyone but its owner (it has none here).
    expect((await compare(ids.oil, ids.unsafe)).status).toBe(404);
    expect((await heatmap(ids.oil, ids.unsafe)).status).toBe(404);
  });
});

describe("the difference heat map", () => {
  test("identical pictures give an all-dark heat map; different ones light up, as WebP with immutable caching", async () => {
    const same = await heatmap(ids.oil, ids.oilSketch);
    expect(same.status).toBe(200);
    expect(same.headers.get("content-type")).toBe("image/webp");
    expect(same.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const dark = await brightness(await same.arrayBuffer());
    expect(dark.width).toBe(768);
    expect(dark.max).toBeLessThan(24);
    expect(dark.brightShare).toBe(0);

    const different = await heatmap(ids.oil, ids.watercolor);
    expect(different.status).toBe(200);
    const lit = await brightness(await different.arrayBuffer());
    expect(lit.max).toBeGreaterThan(200);
    // The two pictures share their disc and bar, so not everything lights up.
    expect(lit.brightShare).toBeGreaterThan(0.3);
    expect(lit.brightShare).toBeLessThan(0.98);

    const etag = different.headers.get("etag")!;
    const again = await heatmap(ids.oil, ids.watercolor, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  test("a private render's heat map is for its owner only, and not kept by shared caches", async () => {
    const response = await heatmap(ids.oil, ids.privateFox, asOwner());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, max-age=3600");
    expect((await brightness(await response.arrayBuffer())).max).toBeGreaterThan(200);
    // Made once for the owner, still refused to others (the in-memory copy sits behind the same check).
    expect((await heatmap(ids.oil, ids.privateFox, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  });

  test("restyles of two different photos (both \"your photo\") are refused; two styles of one photo compare", async () => {
    const photo = (n: number) => {
      const id = crypto.randomUUID();
      t.sqlite.query("INSERT INTO uploads (id, user_id, path, sha256, width, height, bytes) VALUES (?, ?, ?, ?, 8, 8, 1)").run(id, owner.userId, `uploads/${id}.webp`, `sha-${n}`);
      return id;
    };
    const restyle = (upload: string, style: string) => {
      const id = insertRender(t.sqlite, { basePrompt: "your photo", stylePhrase: style, visibility: "private", userId: owner.userId });
      t.sqlite.query("UPDATE renders SET upload_id = ? WHERE id = ?").run(upload, id);
      return id;
    };
    const [beach, garden] = [photo(1), photo(2)];
    const [beachOil, beachInk, gardenOil] = [restyle(beach, "oil painting"), restyle(beach, "ink wash"), restyle(garden, "oil painting")];
    const refused = await compare(beachOil, gardenOil, "", asOwner());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("same photo");
    expect((await compare(beachOil, beachInk, "", asOwner())).status).toBe(200);
    const chooser = await (await t.request(`/compare?a=${beachOil}`, asOwner())).text();
    expect(chooser).toContain(`b=${beachInk}`);
    expect(chooser).not.toContain(gardenOil);
  });

  test("a render whose stored picture is missing is a 404, not a 500", async () => {
    const response = await heatmap(ids.oil, ids.missingFile);
    expect(response.status).toBe(404);
  });
});

describe("compare with…", () => {
  test("/compare?a= lists the same style's other models and the same model's other styles, never private or other prompts", async () => {
    const response = await t.request(`/compare?a=${ids.oil}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/compare?a=${ids.oil}&b=${ids.oilSketch}"`);
    expect(html).toContain(`href="/compare?a=${ids.oil}&b=${ids.watercolor}"`);
    expect(html).toMatch(new RegExp(`<option value="${ids.watercolor}">watercolor</option>`));
    for (const hidden of [ids.robot, ids.privateFox, ids.unsafe, ids.pending]) expect(html).not.toContain(hidden);
    // Its owner's chooser from the private render offers the public ones.
    const own = await (await t.request(`/compare?a=${ids.privateFox}`, asOwner())).text();
    expect(own).toContain(`href="/compare?a=${ids.privateFox}&b=${ids.oil}"`);
    expect((await t.request(`/compare?a=${ids.privateFox}`)).status).toBe(404);
  });

  test("the style page links each cell to the next model's render and to the chooser; render pages to siblings", async () => {
    const style = await (await t.request("/style/oil-painting")).text();
    expect(style).toContain(`href="/compare?a=${ids.oil}&b=${ids.oilSketch}"`);
    expect(style).toContain(`href="/compare?a=${ids.oil}"`);
    expect(style).toContain(`href="/compare?a=${ids.oilSketch}"`);
    const render = await (await t.request(`/r/${ids.oil}`)).text();
    const links = render.slice(render.indexOf("data-compare-links"));
    expect(links).toContain(`href="/compare?a=${ids.oil}&b=${ids.oilSketch}"`);
    expect(links).toContain(`href="/compare?a=${ids.oil}"`);
  });

  test("old /r/:id?compare= links land on /compare", async () => {
    const response = await t.request(`/r/${ids.oil}?compare=${ids.watercolor}`);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(`/compare?a=${ids.watercolor}&b=${ids.oil}`);
  });
});
