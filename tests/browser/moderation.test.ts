// A moderator in a real browser: a visitor reports a render, an admin hides it from the queue, the visitor no longer finds it.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

const gallery = useBrowserGallery({ prompts: ["a lighthouse at dusk"], styles: ["oil painting", "pixel art"], models: ["local:sketch"], env: { ADMIN_EMAILS: "mod@example.com" } });

test.skipIf(!browserAvailable)(
  "an admin hides a reported render and a visitor no longer finds it anywhere",
  async () => {
    const visitor = await gallery.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await visitor.goto(`${gallery.server.baseUrl}/explore?q=lighthouse`);
    const links = visitor.locator('main a[href^="/r/"]');
    await expect(links.count()).resolves.toBe(2);
    const href = (await links.first().getAttribute("href"))!;
    const id = href.slice(3);
    await visitor.goto(`${gallery.server.baseUrl}/`);
    await expect(visitor.locator(`a[href="${href}"]`).count()).resolves.toBeGreaterThan(0);
    await visitor.goto(`${gallery.server.baseUrl}${href}`);
    const imageSrc = (await visitor.locator("figure img").first().getAttribute("src"))!;
    await visitor.selectOption("#report-reason", "copyright");
    await visitor.click("[data-report-form] button");
    await visitor.waitForURL(new RegExp(`/r/${id}`));

    const admin = await (await gallery.browser.newContext()).newPage();
    await admin.goto(`${gallery.server.baseUrl}/sign-in`);
    await admin.fill("#dev-email", "mod@example.com");
    await admin.click("text=Sign in as this email");
    await admin.waitForLoadState();
    await admin.goto(`${gallery.server.baseUrl}/admin`);
    const item = admin.locator(`li[data-render-id="${id}"]`).first();
    await expect(item.textContent()).resolves.toContain("1 open report: copyright");
    await admin.screenshot({ path: join(SCREENSHOTS, "admin-1-queue.png"), fullPage: true });
    await item.locator('input[name="reason"]').fill("Copyright claim upheld");
    await item.locator("button", { hasText: "Hide" }).click();
    await admin.waitForURL(/\/admin$/);
    await expect(admin.locator("#audit-log").textContent()).resolves.toContain("Copyright claim upheld");
    await admin.screenshot({ path: join(SCREENSHOTS, "admin-2-hidden.png"), fullPage: true });

    for (const path of ["/", "/explore?q=lighthouse", "/explore"]) {
      await visitor.goto(`${gallery.server.baseUrl}${path}`);
      await expect(visitor.locator(`a[href="${href}"]`).count()).resolves.toBe(0);
    }
    const search = await visitor.request.get(`${gallery.server.baseUrl}/search?q=lighthouse`);
    expect(JSON.stringify(await search.json())).not.toContain(id);
    expect(imageSrc).toContain(id);
    expect((await visitor.request.get(`${gallery.server.baseUrl}${imageSrc}`)).status()).toBe(404);
    await visitor.goto(`${gallery.server.baseUrl}/explore?q=lighthouse`);
    await expect(visitor.locator('main a[href^="/r/"]').count()).resolves.toBe(1);
    await expect(visitor.locator(`main a[href="${href}"]`).count()).resolves.toBe(0);
    const gone = await visitor.goto(`${gallery.server.baseUrl}${href}`);
    expect(gone?.status()).toBe(404);
  },
  60_000,
);

test.skipIf(!browserAvailable)(
  "a non-admin gets 404 on every /admin path",
  async () => {
    const member = await (await gallery.browser.newContext()).newPage();
    await member.goto(`${gallery.server.baseUrl}/sign-in`);
    await member.fill("#dev-email", "member@example.com");
    await member.click("text=Sign in as this email");
    await member.waitForLoadState();
    for (const path of ["/admin", "/admin/curation", "/admin/users", "/admin/users/1", "/admin/jobs", "/admin/audit", "/admin/anything"]) {
      const response = await member.goto(`${gallery.server.baseUrl}${path}`);
      expect([path, response?.status()]).toEqual([path, 404]);
      await expect(member.locator("body").textContent()).resolves.not.toContain("Moderation");
    }
    const post = await member.request.post(`${gallery.server.baseUrl}/admin/users/1/credits`, {
      headers: { origin: gallery.server.baseUrl },
      form: { delta: "1000", reason: "free credits" },
    });
    expect(post.status()).toBe(404);
  },
  60_000,
);
