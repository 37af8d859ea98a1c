// What a finished render leaves behind: four files in the store under the names storage gives them, and a row
// recording the web image, both thumbnails, the original's key and its real width, height and bytes.
import { afterAll, beforeAll, expect, test } from "bun:test";
import sharp from "sharp";
import { createImageStore, imageKeyFromUrlPath, uploadKey } from "../../src/storage";
import { createTestEngine, enqueueMany, type TestEngine } from "../helpers/generation";

let engine: TestEngine;

beforeAll(() => {
  engine = createTestEngine();
  engine.start();
});
afterAll(() => engine.stop());

test("a local render: the row names every file the store holds, with the original's true size", async () => {
  const { renderIds } = enqueueMany(engine.sqlite, "local:sketch", 1);
  const id = renderIds[0]!;
  await engine.waitForStatus([id], ["done", "failed"], 30_000);
  const row = engine.sqlite
    .query("SELECT status, image_path, thumb_path, thumb_2x_path, full_key, width, height, full_width, full_height, full_bytes FROM renders WHERE id = ?")
    .get(id) as Record<string, string | number | null>;
  expect(row.status).toBe("done");
  const month = /^\/images\/\d{4}\/\d{2}\//.exec(String(row.image_path))![0];
  expect(row).toMatchObject({
    image_path: `${month}${id}.webp`,
    thumb_path: `${month}${id}_t.webp`,
    thumb_2x_path: `${month}${id}_t2.webp`,
    full_key: `${month.slice(1)}${id}_full.webp`,
  });

  const store = createImageStore(engine.config.storage);
  const original = Buffer.from(await store.read(String(row.full_key)));
  expect(original.length).toBe(Number(row.full_bytes));
  const meta = await sharp(original).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(["webp", Number(row.full_width), Number(row.full_height)]);
  // Full resolution means more pixels: the offline models draw 1536 px, the public web image is 768 px.
  expect([row.full_width, row.full_height, row.width, row.height]).toEqual([1536, 1536, 768, 768]);
  const web = await sharp(Buffer.from(await store.read(imageKeyFromUrlPath(String(row.image_path))!))).metadata();
  expect([web.width, web.height]).toEqual([768, 768]);

  // The render page says both sizes and links the download.
  const page = await (await engine.request(`/r/${id}`)).text();
  expect(page).toContain("768 × 768 on the web; 1536 × 1536 at full resolution");
  expect(page).toContain(`href="/r/${id}/download"`);

  // The API hands out the recorded paths, and the image route serves each of them but never the original.
  const json = await (await engine.request(`/render/${id}`)).json();
  expect([json.image_path, json.thumb_path, json.thumb_2x_path]).toEqual([row.image_path, row.thumb_path, row.thumb_2x_path]);
  for (const path of [json.image_path, json.thumb_path, json.thumb_2x_path]) {
    const response = await engine.request(path);
    expect(response.status).toBe(200);
    const stored = Buffer.from(await store.read(imageKeyFromUrlPath(path)!));
    expect(Buffer.from(await response.arrayBuffer()).equals(stored)).toBe(true);
  }
  expect((await engine.request(`/${row.full_key}`)).status).toBe(400);
}, 40_000);

test("a restyle whose uploaded photo is no longer stored fails for good at once, saying so, and writes no files", async () => {
  const id = crypto.randomUUID();
  engine.sqlite
    .query(
      `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, input_image_path, strength, status, visibility)
       VALUES (?, 'watercolor', 'watercolor', 'local:paint', 'your photo', 'your photo, watercolor', ?, 0.6, 'pending', 'private')`,
    )
    .run(id, uploadKey(crypto.randomUUID()));
  engine.pool.wake();
  await engine.waitForStatus([id], ["done", "failed"], 30_000);
  expect(engine.sqlite.query("SELECT status, attempts, error, image_path FROM renders WHERE id = ?").get(id)).toEqual({
    status: "failed",
    attempts: 1,
    error: "The uploaded photo is no longer stored.",
    image_path: null,
  });
}, 40_000);
