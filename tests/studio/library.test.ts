// The library ZIP: access control, contents matching the manifest, resumable ranges, and flat memory on a large library.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { createImageStore } from "../../src/storage";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { readZip } from "../helpers/zip";

let t: TestApp;
const ids: string[] = [];

/** Each entry's modification date as the central directory records it (DOS date and time, local time). */
function zipDates(bytes: Uint8Array): Map<string, Date> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const dates = new Map<string, Date>();
  for (let i = 0; i < count; i++) {
    const time = view.getUint16(offset + 12, true);
    const date = view.getUint16(offset + 14, true);
    const nameLength = view.getUint16(offset + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    dates.set(name, new Date((date >> 9) + 1980, ((date >> 5) & 15) - 1, date & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2));
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return dates;
}

beforeAll(async () => {
  t = createTestApp({ UNLOCK_THRESHOLD_CENTS: "10000" });
  const store = createImageStore(t.config.storage);
  for (const [style, colour] of [["oil painting", "#aa3300"], ["pixel art", "#0033aa"], ["it's \"quoted\", too", "#00aa33"]] as const) {
    const id = insertRender(t.sqlite, { stylePhrase: style, basePrompt: "a red fox, at dusk" });
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: colour } }).png().toBuffer();
    await store.write(`images/2026/11/${id}_full.webp`, await sharp(png).webp({ lossless: true }).toBuffer());
    await store.write(`images/2026/11/${id}.webp`, await sharp(png).resize(8, 8).webp().toBuffer());
    ids.push(id);
  }
  insertRender(t.sqlite, { stylePhrase: "secret", visibility: "private" });
});
afterAll(() => t.cleanup());

function buyLibrary(userId: number) {
  t.sqlite
    .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, status) VALUES (?, ?, 'library', 'library', 5000, 'paid')")
    .run(`cs_test_${crypto.randomUUID()}`, userId);
}

describe("GET /library.zip", () => {
  test("is refused (403, pointing to pricing) to visitors and to accounts without the library", async () => {
    const anonymous = await t.request("/library.zip");
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toContain("/pricing");
    const { cookie } = await signIn(t, "browser@example.com");
    const response = await t.request("/library.zip", { headers: { cookie, accept: "application/json" } });
    expect(response.status).toBe(403);
    expect((await response.json()).pricing).toBe("/pricing");
  });

  test("a library buyer gets every public render at full resolution, a manifest that matches, and the licence", async () => {
    const { cookie, userId } = await signIn(t, "buyer@example.com");
    buyLibrary(userId);
    const response = await t.request("/library.zip", { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="ai-gallery-library-\d+\.zip"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(Number(response.headers.get("content-length")));
    const files = readZip(bytes);
    expect(new TextDecoder().decode(files.get("LICENSE")!)).toContain("CC0-1.0");
    const manifest = new TextDecoder().decode(files.get("manifest.csv")!).trimEnd().split("\n");
    expect(manifest[0]).toBe("id,base_prompt,style_phrase,model,created,file,licence");
    expect(manifest).toHaveLength(1 + ids.length);
    for (const id of ids) {
      const line = manifest.find((row) => row.startsWith(id))!;
      expect(line).toContain('"a red fox, at dusk"');
      const file = /,(images\/[^,]+\.webp),CC0-1\.0$/.exec(line)![1]!;
      const image = await sharp(Buffer.from(files.get(file)!)).metadata();
      // Full resolution: the 16 px original, not the 8 px web image.
      expect(image).toMatchObject({ format: "webp", width: 16, height: 16 });
    }
    expect(manifest.join("\n")).toContain('"it\'s ""quoted"", too"');
    expect([...files.keys()].filter((name) => name.startsWith("images/"))).toHaveLength(ids.length);
    expect(manifest.join("\n")).not.toContain("secret");
  });

  test("a download can be resumed: a Range request returns exactly the remaining bytes", async () => {
    const { cookie, userId } = await signIn(t, "resumer@example.com");
    buyLibrary(userId);
    const full = await t.request("/library.zip", { headers: { cookie } });
    const whole = new Uint8Array(await full.arrayBuffer());
    const etag = full.headers.get("etag")!;
    const pinned = full.headers.get("content-location")!;
    insertRender(t.sqlite, { stylePhrase: "published later" }); // the pinned snapshot must not change
    const rest = await t.request(pinned, { headers: { cookie, range: "bytes=100-", "if-range": etag } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes 100-${whole.length - 1}/${whole.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(Buffer.from(whole.subarray(100)))).toBe(true);
    const beyond = await t.request(pinned, { headers: { cookie, range: `bytes=${whole.length}-` } });
    expect(beyond.status).toBe(416);
  });

  test("every entry carries a real date: images their completion, LICENSE and manifest.csv the newest image's", async () => {
    const dated = createTestApp({ UNLOCK_THRESHOLD_CENTS: "0" });
    try {
      const store = createImageStore(dated.config.storage);
      const completed = [Date.UTC(2026, 2, 14, 9, 30), Date.UTC(2026, 10, 20, 17, 45)];
      const names: string[] = [];
      for (const at of completed) {
        const id = insertRender(dated.sqlite);
        dated.sqlite.query("UPDATE renders SET completed_at = ? WHERE id = ?").run(at, id);
        await store.write(`images/2026/11/${id}_full.webp`, Buffer.from("image bytes"));
        names.push(`images/oil-painting/${id}.webp`);
      }
      const { cookie } = await signIn(dated, "dates@example.com");
      const dates = zipDates(new Uint8Array(await (await dated.request("/library.zip", { headers: { cookie } })).arrayBuffer()));
      const newest = new Date(completed[1]!);
      // DOS dates keep even seconds in local time; the test runs in the same zone as the server.
      const near = (date: Date | undefined, expected: Date) => expect(Math.abs(date!.getTime() - expected.getTime())).toBeLessThan(2_000);
      near(dates.get("LICENSE"), newest);
      near(dates.get("manifest.csv"), newest);
      near(dates.get(names[0]!), new Date(completed[0]!));
      near(dates.get(names[1]!), newest);
    } finally {
      dated.cleanup();
    }
  });

  test("manifest cells a spreadsheet would run as formulas are kept as text", async () => {
    const hostile = createTestApp({ UNLOCK_THRESHOLD_CENTS: "0" });
    try {
      const store = createImageStore(hostile.config.storage);
      const prompts = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "a calm lake"];
      for (const prompt of prompts) {
        const id = insertRender(hostile.sqlite, { basePrompt: prompt, stylePhrase: "=cmd|' /C calc'!A0" });
        await store.write(`images/2026/11/${id}_full.webp`, Buffer.from("image bytes"));
      }
      const { cookie } = await signIn(hostile, "csv@example.com");
      const files = readZip(new Uint8Array(await (await hostile.request("/library.zip", { headers: { cookie } })).arrayBuffer()));
      const rows = new TextDecoder().decode(files.get("manifest.csv")!).trimEnd().split("\n").slice(1);
      expect(rows).toHaveLength(prompts.length);
      // Column by column: no cell begins with a formula character once the CSV quoting is read.
      for (const row of rows) {
        const cells = [...row.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((match) => match[1]!.replace(/^"|"$/g, "").replace(/""/g, '"'));
        for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(cells[2]).toBe("'=cmd|' /C calc'!A0");
      }
      expect(rows.some((row) => row.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`))).toBe(true);
      expect(rows.some((row) => row.includes(",'-2+3,"))).toBe(true);
      expect(rows.some((row) => row.includes(",'@SUM(A1:A9),"))).toBe(true);
      expect(rows.some((row) => row.includes(",a calm lake,"))).toBe(true);
    } finally {
      hostile.cleanup();
    }
  });

  test("memory stays flat while streaming a large library", async () => {
    const big = createTestApp({ UNLOCK_THRESHOLD_CENTS: "0" });
    try {
      const directory = join(big.dataDir, "images", "2026", "11");
      mkdirSync(directory, { recursive: true });
      const bytes = Buffer.alloc(64 * 1024, 7); // 64 KiB stand-ins: 20 000 of them make a 1.3 GB archive
      const insert = big.sqlite.query(
        `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, image_path, thumb_path, completed_at)
         VALUES (?, 'bulk style', 'bulk-style', 'local:paint', 'p', 'p', 'done', ?, ?, 1)`,
      );
      big.sqlite.transaction(() => {
        for (let i = 0; i < 20_000; i++) {
          const id = crypto.randomUUID();
          writeFileSync(join(directory, `${id}.webp`), bytes);
          insert.run(id, `/images/2026/11/${id}.webp`, `/images/2026/11/${id}_t.webp`);
        }
      })();
      const { cookie } = await signIn(big, "bulk@example.com");
      const response = await big.request("/library.zip", { headers: { cookie } });
      expect(Number(response.headers.get("content-length"))).toBeGreaterThan(20_000 * 64 * 1024);
      Bun.gc(true);
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      let read = 0;
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
        if (read % (32 * 1024 * 1024) < value.length) {
          const now = process.memoryUsage();
          peakRss = Math.max(peakRss, now.rss);
          peakHeap = Math.max(peakHeap, now.heapUsed);
        }
      }
      expect(read).toBe(Number(response.headers.get("content-length")));
      // Streaming 1.3 GB must not hold it: growth stays a small fraction of the archive size.
      console.log(`library stream: rss +${((peakRss - before.rss) / 1048576).toFixed(0)} MiB, heap +${((peakHeap - before.heapUsed) / 1048576).toFixed(0)} MiB`);
      expect(peakHeap - before.heapUsed).toBeLessThan(100 * 1024 * 1024);
      expect(peakRss - before.rss).toBeLessThan(300 * 1024 * 1024);
    } finally {
      big.cleanup();
    }
  }, 120_000);
});

describe("GET /r/:id/download", () => {
  test("owners download their own renders (private restyles, public matrix results) at full resolution, unlocked or not", async () => {
    const store = createImageStore(t.config.storage);
    const owner = await signIn(t, "owner-download@example.com");
    const stranger = await signIn(t, "stranger-download@example.com");
    const png = await sharp({ create: { width: 24, height: 12, channels: 3, background: "#336699" } }).png().toBuffer();
    const own: Record<string, string> = {};
    for (const visibility of ["private", "public"] as const) {
      const id = insertRender(t.sqlite, { visibility, userId: owner.userId, stylePhrase: `own ${visibility}` });
      await store.write(`images/2026/11/${id}_full.webp`, await sharp(png).webp({ lossless: true }).toBuffer());
      await store.write(`images/2026/11/${id}.webp`, await sharp(png).resize(12, 6).webp().toBuffer());
      own[visibility] = id;
    }
    for (const id of Object.values(own)) {
      const response = await t.request(`/r/${id}/download`, { headers: { cookie: owner.cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${id}.webp"`);
      expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 24, height: 12 });
    }
    // Anyone else: a private render does not exist; a public one needs an unlocked account.
    expect((await t.request(`/r/${own.private}/download`, { headers: { cookie: stranger.cookie } })).status).toBe(404);
    expect((await t.request(`/r/${own.private}/download`)).status).toBe(404);
    expect((await t.request(`/r/${own.public}/download`, { headers: { cookie: stranger.cookie } })).status).toBe(403);
    // The owner's render page links the download and says both sizes.
    t.sqlite.query("UPDATE renders SET full_width = 24, full_height = 12, width = 12, height = 6 WHERE id = ?").run(own.private!);
    const page = await (await t.request(`/r/${own.private}`, { headers: { cookie: owner.cookie } })).text();
    expect(page).toContain(`href="/r/${own.private}/download"`);
    expect(page).toContain("12 × 6 on the web; 24 × 12 at full resolution");
  });


  test("full resolution for unlocked accounts; 403 with pricing for others; never through the public image path", async () => {
    expect((await t.request(`/r/${ids[0]}/download`)).status).toBe(403);
    const { cookie, userId } = await signIn(t, "bigspender@example.com");
    t.sqlite
      .query("INSERT INTO payments (id, user_id, kind, product, amount_cents, status) VALUES (?, ?, 'credits', 'credits_500', 10000, 'paid')")
      .run(`cs_test_${crypto.randomUUID()}`, userId);
    const response = await t.request(`/r/${ids[0]}/download`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({ width: 16, height: 16 });
    expect((await t.request(`/images/2026/11/${ids[0]}_full.webp`, { headers: { cookie } })).status).toBe(400);
  });
});
