// Uploads cost something: a per-user quota (count and stored bytes, held under parallel uploads), a per-user rate
// limit on top of the per-address one, and unused uploads deleted after a configurable age, at boot and daily.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { sqliteData } from "../../src/db/data";
import { applyStyle } from "../../src/features/studio/service";
import { sweepUnusedUploads } from "../../src/features/studio/upload-sweep";
import { findOwnUpload } from "../../src/features/studio/uploads";
import { makeDataDir, openDataDirDatabase, waitFor } from "../helpers/generation";
import { expectNoExternalRequests, installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";
import { spawnServer } from "../helpers/processes";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

const HOUR = 3_600_000;
const apps: TestApp[] = [];
let colours = 0;
let guard: NetworkGuard;

beforeAll(() => {
  guard = installNetworkGuard();
});
afterAll(() => {
  for (const app of apps) app.cleanup();
  expectNoExternalRequests();
  guard.uninstall();
});

function testApp(env: Record<string, string> = {}): TestApp {
  const app = createTestApp({ RATE_LIMIT_UPLOAD_PER_MINUTE: "1000", ...env });
  apps.push(app);
  return app;
}

/** A distinct photo each call (so deduplication never hides an upload). */
async function photo(noise = false): Promise<Buffer> {
  const n = ++colours;
  if (!noise) return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: n % 256, g: (n * 7) % 256, b: (n * 13) % 256 } } }).jpeg().toBuffer();
  const pixels = Buffer.alloc(256 * 256 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (Math.imul(i + n * 7919, 2654435761) >>> 24) & 0xff;
  return sharp(pixels, { raw: { width: 256, height: 256, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
}

function upload(app: TestApp, cookie: string, bytes: Buffer, base = "http://localhost") {
  const body = new FormData();
  body.append("file", new File([bytes as BlobPart], "photo.jpg", { type: "image/jpeg" }));
  const origin = app.config.publicOrigin ?? "http://localhost";
  return app.app.handle(new Request(`${base}/upload`, { method: "POST", body, headers: { cookie, origin, accept: "application/json" } }));
}

function storedFiles(app: TestApp): string[] {
  const dir = join(app.dataDir, "uploads");
  return existsSync(dir) ? readdirSync(dir) : [];
}

function uploadRows(app: TestApp, userId: number): number {
  return (app.sqlite.query("SELECT count(*) AS n FROM uploads WHERE user_id = ?").get(userId) as { n: number }).n;
}

describe("per-user upload quota", () => {
  test("the count limit: the next upload is a 403 that says why; the same photo again and other users are unaffected", async () => {
    const app = testApp({ UPLOAD_QUOTA_COUNT: "3" });
    const { cookie, userId } = await signIn(app, "collector@example.com");
    const first = await photo();
    for (const bytes of [first, await photo(), await photo()]) expect((await upload(app, cookie, bytes)).status).toBe(200);
    const refused = await upload(app, cookie, await photo());
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("application/json");
    const body = await refused.json();
    expect(body.error).toContain("Upload quota reached");
    expect(body.error).toContain("deleted after 24 hours");
    expect(body).toMatchObject({ uploads: 3, quota_count: 3 });
    expect(uploadRows(app, userId)).toBe(3);
    expect(storedFiles(app)).toHaveLength(3);
    // Re-sending a photo already kept stores nothing, so it is not refused.
    expect((await upload(app, cookie, first)).status).toBe(200);
    const other = await signIn(app, "newcomer@example.com");
    expect((await upload(app, other.cookie, await photo())).status).toBe(200);
  });

  test("the bytes limit counts what is stored; a refused upload leaves no file behind", async () => {
    const probe = testApp();
    const prober = await signIn(probe, "probe@example.com");
    const sample = await photo(true);
    expect((await upload(probe, prober.cookie, sample)).status).toBe(200);
    const storedBytes = (probe.sqlite.query("SELECT bytes FROM uploads").get() as { bytes: number }).bytes;
    expect(storedBytes).toBeGreaterThan(10_000);

    const app = testApp({ UPLOAD_QUOTA_BYTES: String(Math.floor(storedBytes * 1.5)) });
    const { cookie, userId } = await signIn(app, "hoarder@example.com");
    expect((await upload(app, cookie, sample)).status).toBe(200);
    const refused = await upload(app, cookie, await photo(true));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toContain("Upload quota reached");
    expect(uploadRows(app, userId)).toBe(1);
    expect(storedFiles(app)).toHaveLength(1);
  });

  test("eight different photos at once against a quota of three: exactly three are kept, the rest are 403", async () => {
    const app = testApp({ UPLOAD_QUOTA_COUNT: "3" });
    const { cookie, userId } = await signIn(app, "burst@example.com");
    const photos = await Promise.all(Array.from({ length: 8 }, () => photo()));
    const statuses = (await Promise.all(photos.map((bytes) => upload(app, cookie, bytes)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 403)).toHaveLength(5);
    expect(uploadRows(app, userId)).toBe(3);
    expect(storedFiles(app).filter((name) => name.endsWith(".webp"))).toHaveLength(3);
    expect(storedFiles(app)).toHaveLength(3);
  });
});

describe("per-user upload rate limit", () => {
  test("one account from two addresses is held to the limit; another account on the same address is not", async () => {
    // With BASE_URL set, one Origin is right whichever address the request comes to.
    const app = testApp({ RATE_LIMIT_UPLOAD_PER_MINUTE: "2", BASE_URL: "http://gallery.test" });
    const { port } = app.listen("::");
    try {
      const [ipv4, ipv6] = [`http://127.0.0.1:${port}`, `http://[::1]:${port}`];
      const send = async (base: string, cookie: string) => {
        const body = new FormData();
        body.append("file", new File([(await photo()) as BlobPart], "photo.jpg", { type: "image/jpeg" }));
        const origin = app.config.publicOrigin!;
        return fetch(`${base}/upload`, { method: "POST", body, headers: { cookie, origin, accept: "application/json" } });
      };
      const hopper = await signIn(app, "hopper@example.com");
      expect((await send(ipv4, hopper.cookie)).status).toBe(200);
      expect((await send(ipv4, hopper.cookie)).status).toBe(200);
      // A fresh address for the same account: the account's own limit answers.
      const hopped = await send(ipv6, hopper.cookie);
      expect(hopped.status).toBe(429);
      expect(hopped.headers.get("retry-after")).toMatch(/^\d+$/);
      const neighbour = await signIn(app, "neighbour@example.com");
      expect((await send(ipv6, neighbour.cookie)).status).toBe(200);
    } finally {
      await app.app.stop(true);
    }
  });
});

describe("unused uploads expire", () => {
  test("the sweep deletes unused uploads older than the age (row and file); ones a render uses, and young ones, stay", async () => {
    const app = testApp({ UPLOAD_UNUSED_MAX_AGE_HOURS: "24" });
    const { cookie, userId } = await signIn(app, "sweeper@example.com");
    app.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(userId);
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push((await (await upload(app, cookie, await photo())).json()).upload_id);
    const [used, unused] = ids as [string, string];
    const styled = await app.request("/apply-style", {
      method: "POST",
      headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ upload_id: used, style_phrase: "watercolour", model_keys: "local:paint" }),
    });
    expect(styled.status).toBe(200);

    expect(await sweepUnusedUploads(sqliteData(app.sqlite), app.config, Date.now() + 23 * HOUR)).toBe(0);
    expect(storedFiles(app)).toHaveLength(2);
    expect(await sweepUnusedUploads(sqliteData(app.sqlite), app.config, Date.now() + 25 * HOUR)).toBe(1);
    expect((await app.request(`/uploads/${unused}`, { headers: { cookie } })).status).toBe(404);
    expect((await app.request(`/uploads/${used}`, { headers: { cookie } })).status).toBe(200);
    expect(storedFiles(app)).toEqual([`${used}.webp`]);

    // Using an expired upload is a clear 404, and its slot in the quota is free again.
    const late = await app.request("/apply-style", {
      method: "POST",
      headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ upload_id: unused, style_phrase: "watercolour", model_keys: "local:paint" }),
    });
    expect(late.status).toBe(404);
    expect(uploadRows(app, userId)).toBe(1);
  });

  test("an upload swept between the route's lookup and the debit → 404 with nothing written, not a foreign-key 500", async () => {
    const app = testApp();
    const { cookie, userId } = await signIn(app, "unlucky@example.com");
    app.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(userId);
    const { upload_id } = await (await upload(app, cookie, await photo())).json();
    const row = (await findOwnUpload(sqliteData(app.sqlite), userId, upload_id))!;
    app.sqlite.query("UPDATE uploads SET created_at = created_at - ? WHERE id = ?").run(48 * HOUR, upload_id);
    expect(await sweepUnusedUploads(sqliteData(app.sqlite), app.config)).toBe(1);
    await expect(applyStyle(sqliteData(app.sqlite), app.config, userId, { upload: row, stylePhrase: "ink", modelKeys: ["local:paint"], strength: 0.6 })).rejects.toMatchObject({
      status: 404,
    });
    expect(app.sqlite.query("SELECT count(*) AS n FROM renders WHERE user_id = ?").get(userId)).toEqual({ n: 0 });
    expect(app.sqlite.query("SELECT coalesce(sum(delta), 0) AS n FROM credit_ledger WHERE user_id = ?").get(userId)).toEqual({ n: 10 });
  });

  test("the server sweeps at boot", async () => {
    const dataDir = makeDataDir();
    const sqlite = openDataDirDatabase(dataDir);
    const id = crypto.randomUUID();
    sqlite.query("INSERT INTO users (google_sub, email) VALUES ('dev:old@example.com', 'old@example.com')").run();
    sqlite
      .query("INSERT INTO uploads (id, user_id, path, sha256, width, height, bytes, created_at) VALUES (?, 1, ?, 'x', 1, 1, 5, ?)")
      .run(id, `uploads/${id}.webp`, Date.now() - 3 * HOUR);
    mkdirSync(join(dataDir, "uploads"), { recursive: true });
    writeFileSync(join(dataDir, "uploads", `${id}.webp`), "stale");
    const server = spawnServer(dataDir, { UPLOAD_UNUSED_MAX_AGE_HOURS: "2", LOCAL_PROVIDER: "0", SEED_ON_START: "0" });
    try {
      await server.ready();
      await waitFor("the boot sweep", () => !existsSync(join(dataDir, "uploads", `${id}.webp`)), { timeoutMs: 10_000, intervalMs: 50 });
      expect(sqlite.query("SELECT count(*) AS n FROM uploads").get()).toEqual({ n: 0 });
      expect(server.output()).toContain("Deleted 1 unused upload(s)");
    } finally {
      await server.kill();
      sqlite.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
