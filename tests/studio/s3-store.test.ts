// The app on an S3 image store (IMAGE_STORE=s3://…, s3rver on 127.0.0.1): a local render lands in the bucket and
// is served streamed or by presigned redirect; uploads, private renders and originals only after the access check;
// the library ZIP streams from the bucket; backups list and copy its keys; a store that fails is a clear 503 or
// refusal to start, never a hang.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { createApp } from "../../src/app";
import type { Manifest } from "../../src/ops/backup";
import { createImageStore, imageKeyFromUrlPath, uploadKey, type ImageStore } from "../../src/storage";
import { createTestEngine, enqueueMany, makeDataDir, type TestEngine } from "../helpers/generation";
import { captureLogs } from "../helpers/logs";
import { freePort, REPO_ROOT, spawnServer } from "../helpers/processes";
import { startS3Server, type TestS3Server } from "../helpers/s3-server";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender } from "../helpers/test-app";
import { readZip } from "../helpers/zip";
import { sqliteData } from "../../src/db/data";

let s3: TestS3Server;
let engine: TestEngine;
let store: ImageStore;
let renderId: string;
let paths: { image_path: string; thumb_path: string; full_key: string };
const PREFIX = "e2e";

beforeAll(async () => {
  s3 = await startS3Server();
  engine = createTestEngine({ env: s3.env(PREFIX, { UNLOCK_THRESHOLD_CENTS: "10000" }) });
  engine.start();
  store = createImageStore(engine.config.storage);
  renderId = enqueueMany(engine.sqlite, "local:sketch", 1).renderIds[0]!;
  await engine.waitForStatus([renderId], ["done", "failed"], 30_000);
  paths = engine.sqlite.query("SELECT image_path, thumb_path, full_key FROM renders WHERE id = ?").get(renderId) as typeof paths;
}, 60_000);
afterAll(async () => {
  await engine.stop();
  await s3.stop();
});

/** The same app and database, serving public images by redirect. */
function redirectingApp() {
  const config = { ...engine.config, storage: { ...s3.storeConfig(PREFIX), publicImages: "redirect" as const } };
  const app = createApp({ config, data: sqliteData(engine.sqlite) });
  return (path: string, init?: RequestInit) => app.handle(new Request(`http://localhost${path}`, init));
}

test("a local render is written to the bucket under the prefix, nothing to DATA_DIR", async () => {
  expect(engine.sqlite.query("SELECT status FROM renders WHERE id = ?").get(renderId)).toEqual({ status: "done" });
  for (const key of [imageKeyFromUrlPath(paths.image_path)!, imageKeyFromUrlPath(paths.thumb_path)!, paths.full_key]) {
    expect((await store.stat(key))?.size).toBeGreaterThan(0);
  }
  expect(existsSync(join(engine.dataDir, "images"))).toBe(false);
});

test("a public image streamed (the default): 200, image/webp, the stored bytes, cacheable, 304 on revalidation", async () => {
  const response = await engine.request(paths.image_path);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("image/webp");
  expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  const bytes = Buffer.from(await response.arrayBuffer());
  expect(bytes.equals(Buffer.from(await store.read(imageKeyFromUrlPath(paths.image_path)!)))).toBe(true);
  expect((await sharp(bytes).metadata()).width).toBe(768);
  const again = await engine.request(paths.image_path, { headers: { "if-none-match": response.headers.get("etag")! } });
  expect(again.status).toBe(304);
});

test("S3_PUBLIC_IMAGES=redirect: a public image is a 302 to a presigned URL that serves the same bytes; pages allow that origin", async () => {
  const request = redirectingApp();
  const response = await request(paths.thumb_path);
  expect(response.status).toBe(302);
  expect(response.headers.get("cache-control")).toBe("public, max-age=1800");
  const location = response.headers.get("location")!;
  expect(new URL(location).origin).toBe(s3.endpoint);
  const followed = await fetch(location);
  expect(followed.status).toBe(200);
  expect(Buffer.from(await followed.arrayBuffer()).equals(Buffer.from(await store.read(imageKeyFromUrlPath(paths.thumb_path)!)))).toBe(true);
  const page = await request("/");
  expect(page.headers.get("content-security-policy")).toContain(`img-src 'self' ${s3.endpoint} data: blob:`);
});

test("a private render is streamed to its owner only, even in redirect mode; anyone else gets 404", async () => {
  const owner = await signIn(engine, "owner@example.com");
  const stranger = await signIn(engine, "stranger@example.com");
  const hidden = insertRender(engine.sqlite, { visibility: "private", userId: owner.userId });
  const key = imageKeyFromUrlPath(`/images/2026/11/${hidden}.webp`)!;
  await store.write(key, await sharp({ create: { width: 8, height: 8, channels: 3, background: "#123456" } }).webp().toBuffer());
  const request = redirectingApp();
  const mine = await request(`/images/2026/11/${hidden}.webp`, { headers: { cookie: owner.cookie } });
  expect(mine.status).toBe(200);
  expect(mine.headers.get("cache-control")).toBe("private, max-age=3600");
  expect(Buffer.from(await mine.arrayBuffer()).equals(Buffer.from(await store.read(key)))).toBe(true);
  expect((await request(`/images/2026/11/${hidden}.webp`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  expect((await request(`/images/2026/11/${hidden}.webp`)).status).toBe(404);
});

test("an upload goes to the bucket and is served to its owner only", async () => {
  const owner = await signIn(engine, "uploader@example.com");
  const stranger = await signIn(engine, "peeker@example.com");
  const body = new FormData();
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7bd5" } }).jpeg().toBuffer();
  body.append("file", new File([photo], "photo.jpg", { type: "image/jpeg" }));
  const uploaded = await engine.request("/upload", { method: "POST", body, headers: { cookie: owner.cookie, origin: "http://localhost", accept: "application/json" } });
  expect(uploaded.status).toBe(200);
  const { upload_id } = (await uploaded.json()) as { upload_id: string };
  expect((await store.stat(uploadKey(upload_id)))?.size).toBeGreaterThan(0);
  expect(existsSync(join(engine.dataDir, "uploads"))).toBe(false);
  const mine = await engine.request(`/uploads/${upload_id}`, { headers: { cookie: owner.cookie } });
  expect(mine.status).toBe(200);
  expect(mine.headers.get("content-type")).toBe("image/webp");
  expect(await sharp(Buffer.from(await mine.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 64, height: 48 });
  expect((await engine.request(`/uploads/${upload_id}`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
  expect((await engine.request(`/uploads/${upload_id}`)).status).toBe(404);
});

test("the original downloads at full resolution for its owner; a visitor without the unlock gets 403", async () => {
  const owner = await signIn(engine, "keeper@example.com");
  engine.sqlite.query("UPDATE renders SET user_id = ? WHERE id = ?").run(owner.userId, renderId);
  const download = await engine.request(`/r/${renderId}/download`, { headers: { cookie: owner.cookie } });
  expect(download.status).toBe(200);
  expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${renderId}.webp"`);
  const bytes = Buffer.from(await download.arrayBuffer());
  expect(bytes.equals(Buffer.from(await store.read(paths.full_key)))).toBe(true);
  expect((await sharp(bytes).metadata()).width).toBe(1536);
  const visitor = await signIn(engine, "visitor@example.com");
  expect((await engine.request(`/r/${renderId}/download`, { headers: { cookie: visitor.cookie } })).status).toBe(403);
});

test("the library ZIP streams every public original from the bucket", async () => {
  const buyer = await signIn(engine, "collector@example.com");
  engine.sqlite
    .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, status) VALUES (?, ?, 'library', 'library', 5000, 'paid')")
    .run(`cs_test_${crypto.randomUUID()}`, buyer.userId);
  const response = await engine.request("/library.zip", { headers: { cookie: buyer.cookie } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/zip");
  const files = readZip(new Uint8Array(await response.arrayBuffer()));
  const image = [...files.entries()].find(([name]) => name.endsWith(`/${renderId}.webp`));
  expect(image).toBeDefined();
  expect(Buffer.from(image![1]).equals(Buffer.from(await store.read(paths.full_key)))).toBe(true);
});

test("bun run backup lists and copies the bucket's keys; bun run restore writes them into an empty prefix", async () => {
  const backupDir = join(mkdtempSync(join(tmpdir(), "gallery-s3-backup-")), "backup");
  const run = (name: string, env: Record<string, string>, args: string[]) => {
    const result = Bun.spawnSync([process.execPath, "run", name, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), NODE_ENV: "test", ...env },
    });
    return { code: result.exitCode, output: `${result.stdout}${result.stderr}` };
  };
  try {
    const backup = run("backup", { DATA_DIR: engine.dataDir, ...s3.env(PREFIX) }, ["--to", backupDir]);
    expect(backup.output).toContain(`from s3://gallery-test/${PREFIX}/ at ${s3.endpoint}`);
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(backupDir, "manifest.json"), "utf8")) as Manifest;
    const stored: string[] = [];
    for await (const { key } of store.list()) stored.push(key);
    expect(manifest.files.map((file) => file.key).sort()).toEqual(stored.sort());
    expect(manifest.files.map((file) => file.key)).toContain(paths.full_key);

    const restoredDir = join(makeDataDir(), "restored");
    const restore = run("restore", { DATA_DIR: restoredDir, ...s3.env("restored") }, ["--from", backupDir]);
    expect(restore.output).toContain("Restored");
    expect(restore.code).toBe(0);
    const restored = createImageStore(s3.storeConfig("restored"));
    expect(Buffer.from(await restored.read(paths.full_key)).equals(Buffer.from(await store.read(paths.full_key)))).toBe(true);
    // A second restore into the now full prefix is refused.
    const again = run("restore", { DATA_DIR: join(makeDataDir(), "again"), ...s3.env("restored") }, ["--from", backupDir]);
    expect(again.code).toBe(1);
    expect(again.output).toContain("restore only into an empty store");
  } finally {
    rmSync(join(backupDir, ".."), { recursive: true, force: true });
  }
}, 60_000);

test("a store that stops answering: the image route answers 503 and logs why, once, without a stack", async () => {
  const down = createTestApp(s3.env(PREFIX, { S3_ENDPOINT: `http://127.0.0.1:${freePort()}` }));
  try {
    const id = insertRender(down.sqlite);
    using logs = captureLogs(/Image store s3:\/\//);
    const response = await down.request(`/images/2026/11/${id}.webp`, { headers: { accept: "application/json" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(((await response.json()) as { error: string }).error).toContain("Stored images are unavailable right now");
    expect(logs.lines).toHaveLength(1);
    expect(logs.lines[0]).toMatch(/GET \/images\/2026\/11\/.* failed: Image store s3:\/\/gallery-test\/e2e\/ .*cannot connect to http:\/\/127\.0\.0\.1:\d+/);
    expect(logs.entries[0]!.error).toBeUndefined();
  } finally {
    down.cleanup();
  }
});

test("the server refuses to start when the store refuses its credentials, saying which variables to check", async () => {
  const server = spawnServer(makeDataDir(), s3.env(PREFIX, { S3_ACCESS_KEY_ID: "WRONG-KEY" }));
  expect(await server.exited()).toBe(1);
  expect(server.output()).toContain(`Cannot start: Image store s3://gallery-test/${PREFIX}/ at ${s3.endpoint}: listing the bucket failed: the store refused the credentials (InvalidAccessKeyId`);
  expect(server.output()).toContain("check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY");
});
