// Share links: a render's page carries Open Graph and Twitter tags for a chat app's card, with the web-size image
// as an absolute URL; a private render's image is never in a card, nor is any full-resolution file.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { get } from "./helpers";

let t: TestApp;
let owner: { cookie: string; userId: number };

beforeAll(async () => {
  t = createTestApp({ BASE_URL: "https://gallery.example" });
  owner = await signIn(t, "owner@example.com");
});
afterAll(() => t.cleanup());

function metaTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const match of html.matchAll(/<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"\/>/g)) tags[match[1]!] = match[2]!;
  return tags;
}

test("a public render's page: title, description with prompt and style, og:url, and the web image as og:image", async () => {
  const id = insertRender(t.sqlite, { basePrompt: "a lighthouse at night", stylePhrase: "ukiyo-e woodblock" });
  const response = await get(t, `/r/${id}`, null);
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(metaTags(html)).toEqual({
    "og:site_name": "AI Gallery",
    "og:type": "website",
    "og:title": "a lighthouse at night — ukiyo-e woodblock",
    "og:description": "a lighthouse at night, in the style “ukiyo-e woodblock”, by Local Paint",
    "og:url": `https://gallery.example/r/${id}`,
    "twitter:card": "summary_large_image",
    "twitter:title": "a lighthouse at night — ukiyo-e woodblock",
    "twitter:description": "a lighthouse at night, in the style “ukiyo-e woodblock”, by Local Paint",
    "og:image": `https://gallery.example/images/2026/11/${id}.webp`,
    "og:image:type": "image/webp",
    "og:image:width": "1024",
    "og:image:height": "1024",
    "og:image:alt": "a lighthouse at night, in the style “ukiyo-e woodblock”, by Local Paint",
    "twitter:image": `https://gallery.example/images/2026/11/${id}.webp`,
    "twitter:image:alt": "a lighthouse at night, in the style “ukiyo-e woodblock”, by Local Paint",
  });
  // The web image itself is what anyone may fetch.
  expect(html).not.toContain("_full");
});

test("a private render: a 404 to others, and even its owner's page names no image in its card", async () => {
  const id = insertRender(t.sqlite, { userId: owner.userId, visibility: "private", basePrompt: "my secret garden" });
  const others = await get(t, `/r/${id}`, null);
  expect(others.status).toBe(404);
  expect(await others.text()).not.toContain(id);
  const own = await (await get(t, `/r/${id}`, owner.cookie)).text();
  const tags = metaTags(own);
  expect(tags["og:title"]).toBe("my secret garden — oil painting");
  expect(tags["og:image"]).toBeUndefined();
  expect(tags["twitter:card"]).toBe("summary");
});

test("a render page has the heart and Save-to-collection controls, and its tiles hidden hearts, in the same bytes for everyone", async () => {
  const id = insertRender(t.sqlite, { basePrompt: "a heron", stylePhrase: "watercolour" });
  insertRender(t.sqlite, { basePrompt: "a heron", stylePhrase: "charcoal" });
  const html = await (await get(t, `/r/${id}`, null)).text();
  expect(html).toContain(`data-heart="${id}" data-heart-page`);
  expect(html).toContain(`data-collect="${id}"`);
  expect(html).toMatch(/<button type="button" hidden [^>]*data-heart="[0-9a-f-]{36}"/);
  expect(html).not.toContain("undefined");
  expect(await (await get(t, `/r/${id}`, owner.cookie)).text()).toBe(html);
});
