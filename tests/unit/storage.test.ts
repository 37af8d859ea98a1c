// The disk image store's own guarantees (atomic writes seen from another thread, no temporary files left), key ↔ URL
// mapping, and refusal of any key that is not a name the gallery writes; store-contract.test.ts covers the rest.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createImageStore,
  imageKeyFromUrlPath,
  InvalidKeyError,
  renderImageKeys,
  servableImageKey,
  uploadKey,
  type ImageStore,
} from "../../src/storage";

const ID = "3f2b8c1e-9d4a-4e7b-8c61-2a5f0e9b7d13";
const DATE = new Date(Date.UTC(2026, 10, 25, 23, 30));
const KEYS = renderImageKeys(ID, DATE);

let root: string;
let store: ImageStore;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "storage-test-"));
  store = createImageStore({ kind: "disk", root });
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("write", () => {
  test("a reader racing overwrites sees the old bytes or the new ones in full, never part of either", async () => {
    const size = 4 * 1024 * 1024;
    const versions = [Buffer.alloc(size, 1), Buffer.alloc(size, 2)];
    await store.write(KEYS.full, versions[0]!);
    const reader = new Worker(new URL("./storage-race-reader.ts", import.meta.url));
    const report = new Promise<{ reads: number; torn: number }>((resolve) => (reader.onmessage = (event) => resolve(event.data)));
    reader.postMessage({ path: path.join(root, KEYS.full), size, ms: 1_500 });
    let finished = false;
    void report.then(() => (finished = true));
    let writes = 0;
    while (!finished) await store.write(KEYS.full, versions[++writes % 2]!);
    const { reads, torn } = await report;
    reader.terminate();
    expect(writes).toBeGreaterThan(3);
    expect(reads).toBeGreaterThan(3);
    expect(torn).toBe(0);
    expect(filesUnder(root)).toEqual([`images/2026/11/${ID}_full.webp`]);
  });

  test("a write that fails leaves no temporary file and no object", async () => {
    // A directory where the file should go makes the final rename fail after the bytes were written.
    mkdirSync(path.join(root, KEYS.web), { recursive: true });
    await expect(store.write(KEYS.web, Buffer.from("new"))).rejects.toThrow();
    expect(filesUnder(root)).toEqual([]);
    expect(await store.stat(KEYS.thumb)).toBeNull();
  });

  test("creates the YYYY/MM folders it needs", async () => {
    await store.write(KEYS.thumb, Buffer.from("thumb"));
    await store.write(uploadKey(ID), Buffer.from("photo"));
    expect(filesUnder(root)).toEqual([`images/2026/11/${ID}_t.webp`, `uploads/${ID}.webp`]);
  });
});

describe("keys and URLs", () => {
  test("a render's four names, and the URL of each servable one maps back to its key", () => {
    expect(KEYS).toEqual({
      web: `images/2026/11/${ID}.webp`,
      full: `images/2026/11/${ID}_full.webp`,
      thumb: `images/2026/11/${ID}_t.webp`,
      thumb2x: `images/2026/11/${ID}_t2.webp`,
    });
    for (const key of [KEYS.web, KEYS.thumb, KEYS.thumb2x]) {
      const url = store.publicUrl(key);
      expect(url).toBe(`/${key}`);
      expect(imageKeyFromUrlPath(url)).toBe(key);
      const [, , year, month, file] = url.split("/");
      expect(servableImageKey(year!, month!, file!)).toBe(key);
    }
  });

  test("the full-resolution original has no servable URL", () => {
    expect(servableImageKey("2026", "11", `${ID}_full.webp`)).toBeNull();
  });

  test("render ids that are not lowercase UUIDs get no names", () => {
    for (const id of ["../../etc/passwd", ID.toUpperCase(), `${ID}.webp`, ""]) {
      expect(() => renderImageKeys(id, DATE)).toThrow(InvalidKeyError);
    }
    expect(() => uploadKey("../gallery")).toThrow(InvalidKeyError);
  });

  test.each([
    ["/images/2026/11/../../gallery.db"],
    ["/images/2026/11/%2e%2e%2fgallery.db"],
    ["/uploads/" + ID + ".webp"],
    ["images/2026/11/" + ID + ".webp"],
    ["/images/2026/13/" + ID + ".webp"],
  ])("the URL path %s maps to no key", (url) => {
    expect(imageKeyFromUrlPath(url)).toBeNull();
  });
});

describe("keys that are not names the gallery writes", () => {
  const hostile = [
    "gallery.db",
    "../gallery.db",
    "/etc/passwd",
    `images/2026/11/../../gallery.db`,
    `images/2026/11/${ID}.webp/../../../gallery.db`,
    `images/2026/11/..\\..\\gallery.db`,
    `images/2026/11/%2e%2e%2fgallery.db`,
    `images/2026/11/${ID}.png`,
    `images/2026/11/${ID}.webp\0.txt`,
    `images/2026/11/.${ID}.webp`,
    `uploads/../gallery.db`,
    `uploads/${ID}_full.webp`,
    `/images/2026/11/${ID}.webp`,
    "",
  ];

  test.each(hostile)("%p is refused by every operation, touching nothing", async (key) => {
    writeFileSync(path.join(root, "gallery.db"), "database");
    await expect(store.write(key, Buffer.from("overwrite"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.read(key)).rejects.toBeInstanceOf(InvalidKeyError);
    expect(() => store.readStream(key)).toThrow(InvalidKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
    expect(() => store.publicUrl(key)).toThrow(InvalidKeyError);
    expect(filesUnder(root)).toEqual(["gallery.db"]);
    expect(await Bun.file(path.join(root, "gallery.db")).text()).toBe("database");
  });
});
