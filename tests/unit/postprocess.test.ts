// Post-processing and storing a render's images: decode once, write web, full-resolution and two square thumbnails
// atomically through the disk store, return URL paths, the original's key and size, and a thumbhash.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { thumbHashToRGBA } from "thumbhash";
import { postprocessImage, THUMB_SIZE } from "../../src/generation/postprocess";
import { writeRenderImages } from "../../src/generation/render-files";
import { createImageStore } from "../../src/storage";

const ID = "3f2b8c1e-9d4a-4e7b-8c61-2a5f0e9b7d13";
const DATE = new Date(Date.UTC(2026, 10, 25, 23, 30));

let dataDir: string;
let imagesDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "postprocess-test-"));
  imagesDir = path.join(dataDir, "images");
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** A landscape test card: orange field, a blue disc on the left, so crops and orientation can be checked. */
async function testCard(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#e07a30"/>
    <circle cx="${width * 0.2}" cy="${height / 2}" r="${Math.min(width, height) * 0.15}" fill="#2050d0"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function processAndStore(input: Buffer, id: string, date?: Date) {
  return writeRenderImages(createImageStore({ kind: "disk", root: dataDir }), id, await postprocessImage(input), date);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("postprocessImage", () => {
  test("writes the web image, the full-resolution original and both thumbnails under YYYY/MM, and returns URL paths", async () => {
    const result = await processAndStore(await testCard(1024, 1024), ID, DATE);

    expect(result).toMatchObject({
      imagePath: `/images/2026/11/${ID}.webp`,
      thumbPath: `/images/2026/11/${ID}_t.webp`,
      thumb2xPath: `/images/2026/11/${ID}_t2.webp`,
      width: 768,
      height: 768,
      fullWidth: 1024,
      fullHeight: 1024,
    });
    expect(filesUnder(imagesDir)).toEqual([`2026/11/${ID}.webp`, `2026/11/${ID}_full.webp`, `2026/11/${ID}_t.webp`, `2026/11/${ID}_t2.webp`]);

    const web = Bun.file(path.join(imagesDir, "2026/11", `${ID}.webp`));
    expect(result.bytes).toBe(web.size);
    expect(result.fullKey).toBe(`images/2026/11/${ID}_full.webp`);
    expect(result.fullBytes).toBe(Bun.file(path.join(imagesDir, "2026/11", `${ID}_full.webp`)).size);
    const expectations: Array<[string, number]> = [
      [`${ID}.webp`, 768],
      [`${ID}_full.webp`, 1024],
      [`${ID}_t.webp`, THUMB_SIZE],
      [`${ID}_t2.webp`, THUMB_SIZE * 2],
    ];
    for (const [name, edge] of expectations) {
      const meta = await sharp(path.join(imagesDir, "2026/11", name)).metadata();
      expect([name, meta.format, meta.width, meta.height]).toEqual([name, "webp", edge, edge]);
    }
    expect(THUMB_SIZE).toBe(384);
  });

  test("crops thumbnails to squares but keeps the full image's shape; the web image fits in 768", async () => {
    const result = await processAndStore(await testCard(1200, 600), ID, DATE);
    expect([result.width, result.height]).toEqual([768, 384]);
    expect([result.fullWidth, result.fullHeight]).toEqual([1200, 600]);
    const full = await sharp(path.join(imagesDir, "2026/11", `${ID}_full.webp`)).metadata();
    expect([full.width, full.height]).toEqual([1200, 600]);
    const thumb = await sharp(path.join(imagesDir, "2026/11", `${ID}_t.webp`)).metadata();
    expect([thumb.width, thumb.height]).toEqual([THUMB_SIZE, THUMB_SIZE]);
  });

  test("returns a thumbhash that decodes to a small picture of the image's colours", async () => {
    const result = await processAndStore(await testCard(800, 400), ID, DATE);
    const decoded = thumbHashToRGBA(Buffer.from(result.thumbhash, "base64"));
    expect(decoded.w).toBeGreaterThan(decoded.h);
    // The right half of the test card is plain orange: red well above blue.
    const right = ((decoded.h >> 1) * decoded.w + decoded.w - 2) * 4;
    expect(decoded.rgba[right]! - decoded.rgba[right + 2]!).toBeGreaterThan(80);
  });

  test("applies EXIF orientation and strips metadata", async () => {
    const rotated = await sharp(await testCard(400, 200)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);

    const result = await processAndStore(rotated, ID, DATE);
    expect([result.width, result.height]).toEqual([200, 400]);
    const meta = await sharp(path.join(imagesDir, "2026/11", `${ID}.webp`)).metadata();
    expect([meta.width, meta.height]).toEqual([200, 400]);
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  test("reports an all-black picture as blank", async () => {
    const black = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#000000" } }).png().toBuffer();
    expect((await postprocessImage(black)).blank).toBe(true);
    expect((await postprocessImage(await testCard(64, 64))).blank).toBe(false);
  });

  test("uses the current UTC month when no date is given", async () => {
    const before = new Date();
    const result = await processAndStore(await testCard(64, 64), ID);
    const after = new Date();
    const month = (date: Date) => `/images/${date.getUTCFullYear()}/${String(date.getUTCMonth() + 1).padStart(2, "0")}/`;
    expect([month(before), month(after)]).toContain(result.imagePath.slice(0, month(before).length));
    expect(existsSync(path.join(imagesDir, result.imagePath.replace("/images/", "")))).toBe(true);
  });

  test("leaves no temporary files behind, even when writing over an earlier result", async () => {
    await processAndStore(await testCard(300, 300), ID, DATE);
    await processAndStore(await testCard(500, 500), ID, DATE);
    expect(filesUnder(imagesDir)).toEqual([`2026/11/${ID}.webp`, `2026/11/${ID}_full.webp`, `2026/11/${ID}_t.webp`, `2026/11/${ID}_t2.webp`]);
    const meta = await sharp(path.join(imagesDir, "2026/11", `${ID}.webp`)).metadata();
    expect(meta.width).toBe(500);
  });

  test("rejects input that is not an image, writing nothing", async () => {
    for (const garbage of [Buffer.from("definitely not an image"), Buffer.alloc(0), (await testCard(64, 64)).subarray(0, 60)]) {
      await expect(processAndStore(garbage, ID, DATE)).rejects.toThrow("Cannot decode image");
    }
    expect(filesUnder(dataDir)).toEqual([]);
  });

  test("rejects an id that is not a lowercase UUID, writing nothing", async () => {
    const image = await testCard(64, 64);
    for (const id of ["../../etc/passwd", "3F2B8C1E-9D4A-4E7B-8C61-2A5F0E9B7D13", `${ID}.webp`, "", "not-a-uuid"]) {
      await expect(processAndStore(image, id, DATE)).rejects.toThrow("lowercase UUID");
    }
    expect(filesUnder(dataDir)).toEqual([]);
  });
});
