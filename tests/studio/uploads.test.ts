// Hostile uploads: bombs, oversize bodies, disguised files, truncation, EXIF stripping and rotation, odd names.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { pngBomb } from "../fakes/png-bomb";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let cookie: string;

beforeAll(async () => {
  t = createTestApp({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
  ({ cookie } = await signIn(t, "uploader@example.com"));
});
afterAll(() => t.cleanup());

function upload(bytes: Uint8Array | Buffer, filename = "photo.jpg", type = "image/jpeg", as = cookie) {
  const body = new FormData();
  body.append("file", new File([bytes as BlobPart], filename, { type }));
  return t.request("/upload", { method: "POST", body, headers: { cookie: as, origin: "http://localhost", accept: "application/json" } });
}

const photo = () => sharp({ create: { width: 640, height: 480, channels: 3, background: "#3a7bd5" } }).jpeg().toBuffer();

describe("POST /upload", () => {
  test("a JPEG is stored re-encoded, private, and answered with its id and size", async () => {
    const response = await upload(await photo());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ upload_id: expect.stringMatching(/^[0-9a-f-]{36}$/), width: 640, height: 480 });
    const mine = await t.request(`/uploads/${body.upload_id}`, { headers: { cookie } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await mine.arrayBuffer())).metadata()).format).toBe("webp");
    const stranger = await signIn(t, "someone-else@example.com");
    expect((await t.request(`/uploads/${body.upload_id}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    expect((await t.request(`/uploads/${body.upload_id}`)).status).toBe(404);
  });

  test("the same photo twice is one upload (deduplicated per user)", async () => {
    const bytes = await sharp({ create: { width: 50, height: 50, channels: 3, background: "#ff0000" } }).png().toBuffer();
    const first = await (await upload(bytes, "a.png", "image/png")).json();
    const second = await (await upload(bytes, "b.png", "image/png")).json();
    expect(second.upload_id).toBe(first.upload_id);
  });

  test("a 20000×20000 PNG (a decompression bomb, tiny on disk) is refused before decoding", async () => {
    const bomb = pngBomb(20000, 20000);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 20000, height: 20000, format: "png" });
    const response = await upload(bomb, "bomb.png", "image/png");
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain("megapixels");
  });

  test("an oversized body → 413", async () => {
    const response = await upload(new Uint8Array(3 * 1024 * 1024).fill(0xff), "big.jpg");
    expect(response.status).toBe(413);
  });

  test("PNG bytes named .jpg are accepted as the PNG they are", async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: "#00ff00" } }).png().toBuffer();
    const response = await upload(png, "holiday.jpg", "image/jpeg");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ width: 30, height: 20 });
  });

  test.each([
    ["SVG", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "cat.png", "image/png"],
    ["HTML", "<!doctype html><script>alert(1)</script>", "cat.jpg", "image/jpeg"],
    ["PDF", "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "scan.webp", "image/webp"],
    ["plain text", "just some text", "notes.jpg", "image/jpeg"],
  ])("%s disguised as an image → 415", async (_kind, content, name, type) => {
    const response = await upload(new TextEncoder().encode(content), name, type);
    expect(response.status).toBe(415);
    expect((await response.json()).error).toBe("Only JPEG, PNG and WebP photos can be uploaded.");
  });

  test("a truncated JPEG → 422", async () => {
    const full = await sharp({ create: { width: 400, height: 400, channels: 3, background: "#884422" } })
      .composite([{ input: Buffer.from(`<svg width="400" height="400"><circle cx="200" cy="200" r="150" fill="#fff"/></svg>`) }])
      .jpeg()
      .toBuffer();
    const response = await upload(full.subarray(0, Math.floor(full.length / 2)), "cut.jpg");
    expect(response.status).toBe(422);
  });

  test("EXIF with GPS and orientation 6: stored rotated upright, with no metadata left", async () => {
    // 60×40 landscape pixels, tagged "rotate 90° clockwise to display" → upright it is 40×60.
    const tagged = await sharp({ create: { width: 60, height: 40, channels: 3, background: "#123456" } })
      .jpeg()
      .withExif({ IFD0: { Make: "SpyCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const before = await sharp(tagged).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif).toBeDefined();
    const body = await (await upload(tagged, "gps.jpg")).json();
    expect(body).toMatchObject({ width: 40, height: 60 });
    const row = t.sqlite.query("SELECT path FROM uploads WHERE id = ?").get(body.upload_id) as { path: string };
    const stored = await sharp(readFileSync(join(t.dataDir, row.path))).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.orientation).toBeUndefined();
    expect([stored.width, stored.height]).toEqual([40, 60]);
  });

  test.each(["../../etc/passwd.jpg", "..\\..\\evil.jpg", "фото 🦊.jpg", "a/b/c.jpg", "%2e%2e%2fx.jpg"])("the filename %p is ignored: stored under a random id", async (name) => {
    const bytes = await sharp({ create: { width: 10 + name.length, height: 10, channels: 3, background: "#abcdef" } }).jpeg().toBuffer();
    const response = await upload(bytes, name);
    expect(response.status).toBe(200);
    const { upload_id } = await response.json();
    const row = t.sqlite.query("SELECT path FROM uploads WHERE id = ?").get(upload_id) as { path: string };
    expect(row.path).toBe(join("uploads", `${upload_id}.webp`));
  });

  test("signed out → 401; without the field → 400", async () => {
    const body = new FormData();
    body.append("file", new File([await photo()], "p.jpg"));
    expect((await t.request("/upload", { method: "POST", body, headers: { origin: "http://localhost" } })).status).toBe(401);
    const empty = new FormData();
    empty.append("other", "x");
    const response = await t.request("/upload", { method: "POST", body: empty, headers: { cookie, origin: "http://localhost", accept: "application/json" } });
    expect(response.status).toBe(400);
  });
});
