// Moderation through real HTTP: admins by ADMIN_EMAILS, hide/restore reaching every public view, reports, the audit log.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { ORIGIN, signIn } from "../helpers/sign-in";
import { createImageStore } from "../../src/storage";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

let t: TestApp;
beforeEach(() => {
  t = createTestApp({ ADMIN_EMAILS: "Boss@example.com" });
});
afterEach(() => t.cleanup());

function form(cookie: string | null, fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  };
}

async function publicViews(id: string) {
  const text = async (path: string) => (await t.request(path)).text();
  return {
    home: await text("/"),
    explore: await text("/explore?q=lighthouse"),
    style: await t.request("/style/ink-wash"),
    styles: JSON.parse(await text("/styles")) as { styles: { slug: string; count: number }[] },
    search: JSON.parse(await text("/search?q=lighthouse")) as { total: number; results: { id: string }[] },
    defaults: JSON.parse(await text("/default")) as { results: { id: string }[] },
    page: await t.request(`/r/${id}`),
    json: await t.request(`/render/${id}`),
    image: await t.request(`/images/2026/11/${id}.webp`),
  };
}

describe("admin routes", () => {
  test("everyone but an admin gets 404 on every /admin path", async () => {
    const id = insertRender(t.sqlite);
    const visitor = await signIn(t, "someone@example.com");
    for (const cookie of [null, visitor.cookie]) {
      expect((await t.request("/admin", cookie ? { headers: { cookie } } : {})).status).toBe(404);
      expect((await t.request(`/admin/renders/${id}/hide`, form(cookie, { reason: "x" }))).status).toBe(404);
      expect((await t.request(`/admin/renders/${id}/restore`, form(cookie, {}))).status).toBe(404);
    }
    expect((t.sqlite.query("SELECT hidden_at FROM renders WHERE id = ?").get(id) as { hidden_at: number | null }).hidden_at).toBeNull();
    expect((t.sqlite.query("SELECT count(*) AS n FROM admin_actions").get() as { n: number }).n).toBe(0);
  });

  test("ADMIN_EMAILS makes an account admin at sign-in, whatever the case of its email", async () => {
    const admin = await signIn(t, "boss@example.com");
    const response = await t.request("/admin", { headers: { cookie: admin.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.text()).toContain("Moderation");
  });

  test("hiding needs a reason", async () => {
    const id = insertRender(t.sqlite);
    const admin = await signIn(t, "boss@example.com");
    expect((await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, { reason: "" }))).status).toBe(400);
    expect((await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, {}))).status).toBe(400);
    expect((await t.request(`/admin/renders/no-such-render/hide`, form(admin.cookie, { reason: "spam" }))).status).toBe(404);
  });
});

describe("hiding a render", () => {
  test("it vanishes from every public view and cached page at once, its owner still sees it marked, restore brings it back", async () => {
    const owner = await signIn(t, "owner@example.com");
    const id = insertRender(t.sqlite, { userId: owner.userId, basePrompt: "a lighthouse", stylePhrase: "ink wash" });
    insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "oil painting" });
    await createImageStore(t.config.storage).write(`images/2026/11/${id}.webp`, Buffer.from("RIFF-not-really-webp"));
    const before = await publicViews(id);
    expect(before.home).toContain(id);
    expect(before.explore).toContain(id);
    expect(before.style.status).toBe(200);
    expect(before.styles.styles.find((s) => s.slug === "ink-wash")?.count).toBe(1);
    expect(before.search.results.map((r) => r.id)).toContain(id);
    expect(before.defaults.results.map((r) => r.id)).toContain(id);
    expect(before.page.status).toBe(200);
    expect(before.image.status).toBe(200);
    expect((await t.request(`/r/${id}/download`)).status).toBe(403);
    expect(await before.page.text()).toContain("data-report-form");

    const admin = await signIn(t, "boss@example.com");
    const hide = await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, { reason: "Stolen artwork <b>" }));
    expect(hide.status).toBe(303);
    expect(hide.headers.get("location")).toBe("/admin");

    const after = await publicViews(id);
    expect(after.home).not.toContain(id);
    expect(after.explore).not.toContain(id);
    expect(after.style.status).toBe(404);
    expect(after.styles.styles.find((s) => s.slug === "ink-wash")).toBeUndefined();
    expect(after.search.results.map((r) => r.id)).not.toContain(id);
    expect(after.search.total).toBe(1);
    expect(after.defaults.results.map((r) => r.id)).not.toContain(id);
    expect(after.page.status).toBe(404);
    expect(after.json.status).toBe(404);
    expect(after.image.status).toBe(404);
    expect((await t.request(`/r/${id}/download`)).status).toBe(404);

    const ownPage = await t.request(`/r/${id}`, { headers: { cookie: owner.cookie } });
    expect(ownPage.status).toBe(200);
    expect(ownPage.headers.get("cache-control")).toBe("private, no-store");
    const ownHtml = await ownPage.text();
    expect(ownHtml).toContain("Hidden by a moderator");
    expect(ownHtml).toContain("Stolen artwork &lt;b&gt;");
    expect(ownHtml).not.toContain("data-report-form");
    const ownJson = (await (await t.request(`/render/${id}`, { headers: { cookie: owner.cookie } })).json()) as { hidden_by_moderator: boolean };
    expect(ownJson.hidden_by_moderator).toBe(true);

    const adminPage = await (await t.request("/admin", { headers: { cookie: admin.cookie } })).text();
    expect(adminPage).toContain("Stolen artwork &lt;b&gt;");
    expect(adminPage).not.toContain("Stolen artwork <b>");

    expect((await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, { reason: "again" }))).status).toBe(409);
    expect((await t.request(`/admin/renders/${id}/restore`, form(admin.cookie, {}))).status).toBe(303);
    const restored = await publicViews(id);
    expect(restored.home).toContain(id);
    expect(restored.explore).toContain(id);
    expect(restored.style.status).toBe(200);
    expect(restored.styles.styles.find((s) => s.slug === "ink-wash")?.count).toBe(1);
    expect(restored.search.results.map((r) => r.id)).toContain(id);
    expect(restored.page.status).toBe(200);
    expect(restored.image.status).toBe(200);

    const audit = t.sqlite.query("SELECT admin_id, action, target_id, reason, created_at FROM admin_actions ORDER BY id").all() as {
      admin_id: number; action: string; target_id: string; reason: string | null; created_at: number;
    }[];
    expect(audit.map((row) => [row.admin_id, row.action, row.target_id, row.reason])).toEqual([
      [admin.userId, "hide", id, "Stolen artwork <b>"],
      [admin.userId, "restore", id, null],
    ]);
    expect(audit.every((row) => row.created_at > 0)).toBe(true);
  });
});

describe("hiding and versions", () => {
  test("a hidden version restored after a newer one replaced it stays out of the gallery", async () => {
    const first = insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "ink wash" });
    const second = insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "ink wash", status: "running" });
    t.sqlite.query("UPDATE renders SET version = 2, previous_version_id = ? WHERE id = ?").run(first, second);
    const admin = await signIn(t, "boss@example.com");
    expect((await t.request(`/admin/renders/${first}/hide`, form(admin.cookie, { reason: "spam" }))).status).toBe(303);
    t.sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(second);
    expect((await t.request(`/admin/renders/${first}/restore`, form(admin.cookie, {}))).status).toBe(303);
    const search = (await (await t.request("/search?q=lighthouse")).json()) as { total: number; results: { id: string }[] };
    expect(search.results.map((r) => r.id)).toEqual([second]);
    const styles = (await (await t.request("/styles")).json()) as { styles: { slug: string; count: number }[] };
    expect(styles.styles.find((s) => s.slug === "ink-wash")?.count).toBe(1);
  });
});

describe("hiding and the response cache", () => {
  test("every cached encoding of a page that showed it is rebuilt, and an old ETag no longer revalidates, whichever path answers", async () => {
    const id = insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "ink wash" });
    for (let i = 0; i < 6; i++) insertRender(t.sqlite, { basePrompt: `a harbour ${i}`, stylePhrase: "ink wash" });
    // Over HTTP cached pages are answered before routing (early-cache-hits.ts); app.handle always routes.
    const origin = `http://127.0.0.1:${t.listen().port}`;
    const decoders = { br: brotliDecompressSync, gzip: gunzipSync };
    const fetchPage = async (via: "app" | "early hit", path: string, encoding: "br" | "gzip" | "identity", etag?: string) => {
      const init = { headers: { "accept-encoding": encoding, ...(etag ? { "if-none-match": etag } : {}) }, decompress: false };
      const response = via === "app" ? await t.request(path, init) : await fetch(`${origin}${path}`, init);
      const bytes = Buffer.from(await response.arrayBuffer());
      const body = response.headers.get("content-encoding") ? decoders[encoding as "br" | "gzip"](bytes).toString() : bytes.toString();
      return { via, status: response.status, etag: response.headers.get("etag")!, encoding: response.headers.get("content-encoding"), body };
    };
    try {
      const paths = ["/", "/style/ink-wash", "/explore?q=lighthouse"];
      const before = new Map<string, { etag: string }>();
      for (const path of paths) {
        for (const encoding of ["br", "gzip", "identity"] as const) {
          for (const via of ["app", "early hit"] as const) {
            const page = await fetchPage(via, path, encoding);
            expect({ via, status: page.status, shows: page.body.includes(id) }).toEqual({ via, status: 200, shows: true });
            if (encoding !== "identity") expect(page.encoding).toBe(encoding);
            before.set(`${path} ${encoding}`, page);
          }
        }
      }
      const admin = await signIn(t, "boss@example.com");
      expect((await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, { reason: "spam" }))).status).toBe(303);
      for (const path of paths) {
        for (const encoding of ["br", "gzip", "identity"] as const) {
          // The early path asks first after the change: it must notice it by itself.
          for (const via of ["early hit", "app"] as const) {
            const page = await fetchPage(via, path, encoding, before.get(`${path} ${encoding}`)!.etag);
            expect({ via, status: page.status, shows: page.body.includes(id) }).toEqual({ via, status: 200, shows: false });
          }
        }
      }
    } finally {
      await t.app.stop(true);
    }
  });

  test("an older version's cached page is gone once it is hidden, though the gallery version does not move", async () => {
    const first = insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "ink wash" });
    const second = insertRender(t.sqlite, { basePrompt: "a lighthouse", stylePhrase: "ink wash", status: "running" });
    t.sqlite.query("UPDATE renders SET version = 2, previous_version_id = ? WHERE id = ?").run(first, second);
    t.sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(second);
    const origin = `http://127.0.0.1:${t.listen().port}`;
    const galleryVersion = () => (t.sqlite.query("SELECT version FROM gallery_state").get() as { version: number }).version;
    try {
      // Superseded, so outside the gallery order, but its page still answers (and is cached) for old links.
      for (let i = 0; i < 2; i++) expect((await fetch(`${origin}/r/${first}`)).status).toBe(200);
      const versionBefore = galleryVersion();
      const admin = await signIn(t, "boss@example.com");
      expect((await t.request(`/admin/renders/${first}/hide`, form(admin.cookie, { reason: "spam" }))).status).toBe(303);
      expect(galleryVersion()).toBe(versionBefore);
      expect((await fetch(`${origin}/r/${first}`)).status).toBe(404);
    } finally {
      await t.app.stop(true);
    }
  });
});

describe("reports", () => {
  test("a visitor reports once; a second report is idempotent; it shows in the queue; hiding settles it", async () => {
    const id = insertRender(t.sqlite, { basePrompt: "a lighthouse" });
    const first = await t.request(`/render/${id}/report`, form(null, { reason: "copyright" }));
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toStartWith(`/r/${id}`);
    const again = await t.request(`/render/${id}/report`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ reason: "spam" }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { already_reported: boolean }).already_reported).toBe(true);
    const signedIn = await signIn(t, "reader@example.com");
    expect((await t.request(`/render/${id}/report`, form(signedIn.cookie, { reason: "nsfw" }))).status).toBe(303);
    expect((t.sqlite.query("SELECT count(*) AS n FROM render_reports WHERE render_id = ?").get(id) as { n: number }).n).toBe(2);

    expect((await t.request(`/render/${id}/report`, form(null, { reason: "boring" }))).status).toBe(400);
    expect((await t.request(`/render/no-such/report`, form(null, { reason: "spam" }))).status).toBe(404);

    const admin = await signIn(t, "boss@example.com");
    const queue = await (await t.request("/admin", { headers: { cookie: admin.cookie } })).text();
    const reported = queue.slice(queue.indexOf("Reported"), queue.indexOf("Flagged NSFW"));
    expect(reported).toContain(id);
    expect(reported).toContain("2 open reports");
    expect(reported).toContain("copyright");

    expect((await t.request(`/admin/renders/${id}/hide`, form(admin.cookie, { reason: "copyright claim" }))).status).toBe(303);
    const settled = await (await t.request("/admin", { headers: { cookie: admin.cookie } })).text();
    expect(settled.slice(settled.indexOf("Reported"), settled.indexOf("Flagged NSFW"))).not.toContain(id);
    expect((await t.request(`/render/${id}/report`, form(null, { reason: "spam" }))).status).toBe(404);
  });

  test("reports are rate-limited per visitor", async () => {
    const ids = Array.from({ length: 11 }, () => insertRender(t.sqlite));
    const statuses = [];
    for (const id of ids) statuses.push((await t.request(`/render/${id}/report`, form(null, { reason: "spam" }))).status);
    expect(statuses.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
