// The ImageStore contract, run against both stores: the disk store in a temp folder and the S3 store on a real
// S3 API (s3rver): atomic writes, stat/read/stream/delete, missing keys, listing, refused keys, and a 20 MB
// object round-trip with the process's memory measured before and after.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createImageStore, InvalidKeyError, renderImageKeys, StoredObjectNotFoundError, uploadKey, type ImageStore } from "../../src/storage";
import { startS3Server, type TestS3Server } from "../helpers/s3-server";

const DATE = new Date(Date.UTC(2026, 10, 25));
const MB = 1024 * 1024;

let s3: TestS3Server;
const diskRoot = mkdtempSync(join(tmpdir(), "store-contract-"));
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.stop();
  rmSync(diskRoot, { recursive: true, force: true });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

async function listed(store: ImageStore): Promise<{ key: string; size: number }[]> {
  const all = [];
  for await (const object of store.list()) all.push(object);
  return all;
}

function rssMb(): number {
  Bun.gc(true);
  return process.memoryUsage.rss() / MB;
}

/** Each test gets its own store (a fresh folder, or a fresh prefix in the bucket), so none sees another's objects. */
const stores: [string, () => ImageStore][] = [
  ["disk", () => createImageStore({ kind: "disk", root: mkdtempSync(join(diskRoot, "store-")) })],
  ["s3", () => createImageStore(s3.storeConfig(`contract-${crypto.randomUUID()}`))],
];

describe.each(stores)("the %s store", (kind, makeStore) => {
  test("round-trips the bytes through read, readStream and responseBody, and reports size and modification time", async () => {
    const store = makeStore();
    const keys = renderImageKeys(crypto.randomUUID(), DATE);
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const started = Date.now();
    await store.write(keys.web, bytes);
    const stat = await store.stat(keys.web);
    expect(stat?.size).toBe(bytes.length);
    expect(Math.abs(stat!.lastModified.getTime() - started)).toBeLessThan(60_000);
    expect(Buffer.from(await store.read(keys.web)).equals(bytes)).toBe(true);
    expect((await readAll(store.readStream(keys.web))).equals(bytes)).toBe(true);
    const response = new Response(store.responseBody(keys.web));
    expect(response.status).toBe(200); // never a redirect: private objects go through the app
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  // S3 replaces an object whole by itself, and s3rver rewrites its file in place, so racing readers there would test
  // s3rver; tests/unit/s3-store.test.ts checks instead that a write is one PutObject carrying the whole object.
  test.if(kind === "disk")("a reader racing overwrites sees the old bytes or the new ones in full, never part of either, never nothing", async () => {
    const store = makeStore();
    const key = renderImageKeys(crypto.randomUUID(), DATE).full;
    const size = 2 * MB;
    await store.write(key, Buffer.alloc(size, 1));
    let writing = true;
    const reads: string[] = [];
    const reader = (async () => {
      while (writing) {
        const bytes = Buffer.from(await store.read(key));
        const first = bytes[0]!;
        reads.push(bytes.length === size && bytes.every((byte) => byte === first) ? "whole" : "torn");
      }
    })();
    for (let i = 0; i < 8; i++) await store.write(key, Buffer.alloc(size, 2 + (i % 2)));
    writing = false;
    await reader;
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((read) => read !== "whole")).toEqual([]);
    expect((await store.read(key))[0]).toBe(3);
  });

  test("a missing object: stat is null, read and readStream fail with StoredObjectNotFoundError", async () => {
    const store = makeStore();
    const key = renderImageKeys(crypto.randomUUID(), DATE).web;
    expect(await store.stat(key)).toBeNull();
    await expect(store.read(key)).rejects.toBeInstanceOf(StoredObjectNotFoundError);
    await expect(readAll(store.readStream(key))).rejects.toBeInstanceOf(StoredObjectNotFoundError);
  });

  test("delete removes the object; deleting it again is not an error", async () => {
    const store = makeStore();
    const key = renderImageKeys(crypto.randomUUID(), DATE).thumb2x;
    await store.write(key, Buffer.from("x"));
    await store.delete(key);
    expect(await store.stat(key)).toBeNull();
    await store.delete(key);
    expect(await listed(store)).toEqual([]);
  });

  test("list names every image and upload with its size", async () => {
    const store = makeStore();
    const id = crypto.randomUUID();
    const keys = renderImageKeys(id, DATE);
    await store.write(uploadKey(id), Buffer.from("photo"));
    await store.write(keys.thumb, Buffer.from("thumb!"));
    await store.write(keys.web, Buffer.from("web"));
    expect((await listed(store)).sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
      { key: keys.web, size: 3 },
      { key: keys.thumb, size: 6 },
      { key: uploadKey(id), size: 5 },
    ]);
  });

  test("keys that are not names the gallery writes are refused by every operation", async () => {
    const store = makeStore();
    for (const key of ["gallery.db", "../gallery.db", "images/2026/11/../../gallery.db", `uploads/${crypto.randomUUID()}_full.webp`, ""]) {
      await expect(store.write(key, Buffer.from("x"))).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.stat(key)).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.read(key)).rejects.toBeInstanceOf(InvalidKeyError);
      expect(() => store.readStream(key)).toThrow(InvalidKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidKeyError);
      expect(() => store.publicRedirect(key)).toThrow(InvalidKeyError);
    }
    expect(await listed(store)).toEqual([]);
  });

  test("images are fetched through the app's /images/ route", () => {
    const store = makeStore();
    const keys = renderImageKeys(crypto.randomUUID(), DATE);
    expect(store.publicUrl(keys.web)).toBe(`/${keys.web}`);
    expect(store.publicRedirect(keys.web)).toBeNull(); // S3 streams unless S3_PUBLIC_IMAGES=redirect
  });

  test("a 20 MB object round-trips (write, stat, streamed read) and memory stays flat", async () => {
    const store = makeStore();
    const key = renderImageKeys(crypto.randomUUID(), DATE).full;
    const size = 20 * MB;
    const payload = new Uint8Array(size);
    for (let i = 0; i < size; i += 4096) payload[i] = (i >> 12) & 255;
    const before = rssMb();
    let warm = before;
    let peak = before;
    for (let round = 1; round <= 4; round++) {
      await store.write(key, payload);
      expect((await store.stat(key))?.size).toBe(size);
      // Consumed a chunk at a time with a pause between, as a download to a slower client would be.
      let received = 0;
      let mismatches = 0;
      const reader = store.readStream(key).getReader();
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        const chunk = next.value;
        for (let i = (4096 - (received % 4096)) % 4096; i < chunk.length; i += 4096) if (chunk[i] !== payload[received + i]) mismatches++;
        received += chunk.length;
        peak = Math.max(peak, process.memoryUsage.rss() / MB);
        await Bun.sleep(0);
      }
      expect([received, mismatches]).toEqual([size, 0]);
      if (round === 1) warm = rssMb();
    }
    const after = rssMb();
    console.info(
      `${kind} store, 20 MB object ×4: RSS ${before.toFixed(1)} MB before, ${warm.toFixed(1)} after the first round-trip, ` +
        `${after.toFixed(1)} after the fourth; peak ${peak.toFixed(1)} while streaming`,
    );
    // Three more round-trips would add 60 MB if each kept its object; flat means they add less than one.
    expect(after - warm).toBeLessThan(20);
  }, 60_000);
});
