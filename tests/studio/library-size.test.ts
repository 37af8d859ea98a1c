// The library is one click away: those with access see "Download the library (N images, X MB)" on /account (and,
// through /library.json, on /pricing), counting exactly what the ZIP holds; nobody else sees it or its size.
import { afterAll, beforeAll, expect, test } from "bun:test";
import sharp from "sharp";
import { libraryDownloadLabel } from "../../src/client/library-download";
import { createImageStore } from "../../src/storage";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let originalBytes = 0;

async function publishWithImages(stylePhrase: string, size: number): Promise<void> {
  const store = createImageStore(t.config.storage);
  const id = insertRender(t.sqlite, { stylePhrase });
  // Noise does not compress: the originals weigh what a real library's do, in megabytes.
  const noise = Buffer.from(crypto.getRandomValues(new Uint8Array(size * size * 3)));
  const original = await sharp(noise, { raw: { width: size, height: size, channels: 3 } }).webp({ lossless: true }).toBuffer();
  await store.write(`images/2026/11/${id}_full.webp`, original);
  await store.write(`images/2026/11/${id}.webp`, await sharp(original).resize(8, 8).webp().toBuffer());
  originalBytes += original.length;
}

beforeAll(async () => {
  t = createTestApp({ UNLOCK_THRESHOLD_CENTS: "10000" });
  await publishWithImages("oil painting", 500);
  await publishWithImages("pixel art", 400);
  insertRender(t.sqlite, { stylePhrase: "secret", visibility: "private" });
});
afterAll(() => t.cleanup());

function buyLibrary(userId: number) {
  t.sqlite
    .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, status) VALUES (?, ?, 'library', 'library', 5000, 'paid')")
    .run(`cs_test_${crypto.randomUUID()}`, userId);
}

/** The visible text of the account page's library link, or null when it has none. */
async function accountLibraryLink(cookie: string): Promise<{ text: string; href: string } | null> {
  const html = await (await t.request("/account", { headers: { cookie } })).text();
  const match = /<a href="([^"]*)"[^>]*download[^>]*>([^<]*)<\/a>/.exec(html);
  return match ? { href: match[1]!.replaceAll("&amp;", "&"), text: match[2]! } : null;
}

test("the label says how many images and how big", () => {
  expect(libraryDownloadLabel({ files: 208, bytes: 41_250_000 })).toBe("Download the library (208 images, 41.3 MB)");
  expect(libraryDownloadLabel({ files: 1, bytes: 1_234_000_000 })).toBe("Download the library (1 image, 1234 MB)");
  expect(libraryDownloadLabel({ files: 2, bytes: 900 })).toBe("Download the library (2 images, 1 KB)");
});

test("visitors and accounts without the library see no button and get a 403 pointing to pricing", async () => {
  const anonymous = await t.request("/library.json", { headers: { accept: "application/json" } });
  expect(anonymous.status).toBe(403);
  expect((await anonymous.json()).pricing).toBe("/pricing");
  const { cookie } = await signIn(t, "no-library@example.com");
  expect((await t.request("/library.json", { headers: { cookie, accept: "application/json" } })).status).toBe(403);
  expect(await accountLibraryLink(cookie)).toBeNull();
  // /pricing is one page for everyone: the link is there, hidden, for the page script to fill in and show.
  const pricing = await (await t.request("/pricing")).text();
  expect(pricing).toMatch(/<p data-library-download hidden>\s*<a href="\/library.zip"/);
});

test("a library buyer sees the button with the ZIP's image count and size, and it downloads that ZIP", async () => {
  const { cookie, userId } = await signIn(t, "library-buyer@example.com");
  buyLibrary(userId);
  const size = (await (await t.request("/library.json", { headers: { cookie } })).json()) as { files: number; bytes: number; snapshot: number; download_url: string };
  expect(size).toMatchObject({ files: 2, bytes: originalBytes });
  expect(size.download_url).toBe(`/library.zip?snapshot=${size.snapshot}`);
  const link = (await accountLibraryLink(cookie))!;
  expect(link).toEqual({ text: `Download the library (2 images, ${(originalBytes / 1e6).toFixed(1)} MB)`, href: size.download_url });
  const zip = await t.request(link.href, { headers: { cookie } });
  expect(zip.status).toBe(200);
  expect(zip.headers.get("content-type")).toBe("application/zip");
  // The ZIP holds the counted originals plus its LICENSE, manifest and headers: a little more than the bytes it names.
  const length = Number(zip.headers.get("content-length"));
  expect(length).toBeGreaterThan(originalBytes);
  expect(length).toBeLessThan(originalBytes + 4096);
});

test("a render published later is counted at once", async () => {
  const { cookie, userId } = await signIn(t, "watcher@example.com");
  buyLibrary(userId);
  expect((await accountLibraryLink(cookie))!.text).toStartWith("Download the library (2 images,");
  await publishWithImages("watercolor", 300);
  expect((await accountLibraryLink(cookie))!.text).toBe(`Download the library (3 images, ${(originalBytes / 1e6).toFixed(1)} MB)`);
});
