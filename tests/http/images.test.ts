// Image serving: only names we write, never a file outside DATA_DIR/images, immutable caching with ETag/304.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { createImageStore, type ImageStore } from "../../src/storage";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let store: ImageStore;
const id = "0195a3c2-7d1e-7c4a-9b2f-3e8d5a6b7c8d";
let webp: Buffer;

beforeAll(async () => {
  t = createTestApp();
  webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#c0ffee" } }).webp().toBuffer();
  store = createImageStore(t.config.storage);
  await store.write(`images/2026/11/${id}.webp`, webp);
  await store.write(`images/2026/11/${id}_t.webp`, webp);
  insertRender(t.sqlite, { id });
  // Files a traversal would like to reach.
  writeFileSync(join(t.dataDir, "secret.txt"), "top secret");
  writeFileSync(join(t.dataDir, "images", "2026", "11", "notes.txt"), "not an image");
});
afterAll(() => t.cleanup());

describe("GET /images/:year/:month/:file", () => {
  test("serves a stored image as WebP with immutable caching, ETag and nosniff", async () => {
    const response = await t.request(`/images/2026/11/${id}.webp`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await response.arrayBuffer()).equals(webp)).toBe(true);
    const etag = response.headers.get("etag")!;
    const revalidated = await t.request(`/images/2026/11/${id}.webp`, { headers: { "if-none-match": etag } });
    expect(revalidated.status).toBe(304);
    expect((await t.request(`/images/2026/11/${id}_t.webp`)).status).toBe(200);
  });

  test("a well-formed name that does not exist is 404", async () => {
    expect((await t.request(`/images/2026/11/${crypto.randomUUID()}.webp`)).status).toBe(404);
    expect((await t.request(`/images/2026/11/${id}_t2.webp`)).status).toBe(404);
  });

  test.each([
    "/images/2026/11/notes.txt",
    "/images/2026/11/..%2F..%2Fsecret.txt",
    "/images/2026/11/..%252F..%252Fsecret.txt",
    "/images/2026/11/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/images/..%2F..%2F/11/secret.txt",
    "/images/2026/..%2F..%2F..%2F/secret.txt",
    "/images/2026/11/..\\..\\secret.txt",
    "/images/2026/11/%c0%ae%c0%ae%c0%afsecret.txt",
    `/images/2026/13/${id}.webp`,
    `/images/26/11/${id}.webp`,
    `/images/2026/11/${id}.webp%00.txt`,
    `/images/2026/11/${id.toUpperCase()}.webp`,
    `/images/2026/11/${id}.png`,
    "/images/2026/11/../../secret.txt",
    "/images/2026/11/%2e%2e/%2e%2e/secret.txt",
  ])("%s never reaches a file outside (400/404)", async (path) => {
    const response = await t.request(path);
    expect([400, 404]).toContain(response.status);
    const body = await response.text();
    expect(body).not.toContain("top secret");
    expect(body).not.toContain("not an image");
  });
});

describe("a real image id followed by a path", () => {
  // The render exists and is public, so only the file-name pattern stands between these and notes.txt.
  test.each([`${id}.webp%2F..%2Fnotes.txt`, `${id}_t.webp%2F..%2Fnotes.txt`, `${id}.webp%2f%2e%2e%2fnotes.txt`, `${id}.webp%2F..%2F..%2F11%2Fnotes.txt`])(
    "/images/2026/11/%s is refused, never the other file",
    async (file) => {
      const response = await t.request(`/images/2026/11/${file}`);
      expect([400, 404]).toContain(response.status);
      expect(response.headers.get("content-type")).not.toBe("image/webp");
      expect(await response.text()).not.toContain("not an image");
    },
  );
});

describe("private images", () => {
  test("are served to their owner only; everyone else gets the same 404 as for a name that does not exist", async () => {
    const owner = await signIn(t, "owner@example.com");
    const stranger = await signIn(t, "stranger@example.com");
    const privateId = crypto.randomUUID();
    insertRender(t.sqlite, { id: privateId, visibility: "private", userId: owner.userId });
    await store.write(`images/2026/11/${privateId}.webp`, webp);
    const path = `/images/2026/11/${privateId}.webp`;
    const mine = await t.request(path, { headers: { cookie: owner.cookie } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("private, max-age=3600");
    const theirs = await t.request(path, { headers: { cookie: stranger.cookie } });
    const anonymous = await t.request(path);
    const guess = await t.request(`/images/2026/11/${crypto.randomUUID()}.webp`);
    for (const response of [theirs, anonymous, guess]) expect(response.status).toBe(404);
    expect(await theirs.text()).toBe(await guess.text());
  });
});

describe("public assets", () => {
  test("serve built CSS and JS; versioned URLs are immutable; nothing else in public/ is reachable", async () => {
    const css = await t.request("/app.css?v=1");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(css.headers.get("cache-control")).toContain("immutable");
    const js = await t.request("/app.js");
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(js.headers.get("cache-control")).toBe("public, no-cache");
    expect((await t.request("/.gitkeep")).status).toBe(404);
    expect((await t.request("/package.json")).status).toBe(404);
  });
});
