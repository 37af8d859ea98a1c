// Collections in a real browser: a signed-in person hearts a render, saves it to a new collection, makes the
// collection public and copies its link (desktop); someone signed out opens that link on a phone, sees the tiles and
// the card tags, and downloads the ZIP. The phone menu leads a signed-in person to My collections.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { readZip } from "../helpers/zip";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

const problems: string[] = [];
let sharedLink = "";
let savedRenderId = "";

const gallery = useBrowserGallery({ prompts: ["a red fox in a snowy forest"], styles: ["oil painting", "pixel art"], models: ["local:paint"] });

async function openPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await gallery.browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: gallery.server.baseUrl });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  return { context, page };
}

async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${gallery.server.baseUrl}/sign-in`);
  await page.fill("#dev-email", email);
  await page.click("text=Sign in as this email");
  await page.waitForURL(/\/account$/);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `collections-${name}.png`), fullPage: true });

test.skipIf(!browserAvailable)(
  "desktop: heart a render, save it to a new collection, make the collection public and copy its link",
  async () => {
    const { context, page } = await openPage(1280, 900);
    await signInAs(page, "collector@example.com");
    const { results } = (await (await page.request.get(`${gallery.server.baseUrl}/default`)).json()) as { results: { id: string }[] };
    savedRenderId = results[0]!.id;
    await page.goto(`${gallery.server.baseUrl}/r/${savedRenderId}`);

    const heart = page.locator("[data-heart-page]");
    await heart.click();
    await page.locator("[data-heart-page][aria-pressed=true]", { hasText: "Favourited" }).waitFor();
    // The heart holds after a reload: it is stored, not just drawn.
    await page.reload();
    await page.locator("[data-heart-page][aria-pressed=true]").waitFor();

    await page.locator("[data-collect] summary").click();
    await page.locator("[data-collect-list] label", { hasText: "Favourites" }).waitFor();
    await expect(page.locator("[data-collect-list] label:has-text('Favourites') input").isChecked()).resolves.toBe(true);
    await page.fill("#new-collection-name", "  Foxes to share  ");
    await page.click("[data-collect-new] button");
    await page.locator("[data-collect-status]", { hasText: "Saved to “Foxes to share”" }).waitFor();
    await expect(page.locator("[data-collect-list] label:has-text('Foxes to share') input").isChecked()).resolves.toBe(true);
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await shot(page, "1-saved-desktop");

    // My collections is reached from the account page.
    await page.goto(`${gallery.server.baseUrl}/account`);
    await page.click("main a:has-text('My collections')");
    await page.waitForURL(/\/collections$/);
    await expect(page.locator("[data-collection-list] li").count()).resolves.toBe(2);
    await shot(page, "2-my-collections-desktop");
    await page.click("[data-collection-list] a:has-text('Foxes to share')");
    await page.waitForURL(/\/c\/[A-Za-z0-9_-]{16}$/);
    await expect(page.locator("[data-copy-path]").count()).resolves.toBe(0);

    await page.click("[data-visibility-toggle]");
    await page.locator("[data-visibility-toggle]", { hasText: "Make private" }).waitFor();
    await page.click("[data-copy-path]");
    await page.locator("[data-copy-path]", { hasText: "Link copied" }).waitFor();
    sharedLink = await page.evaluate(() => navigator.clipboard.readText());
    expect(sharedLink).toBe(page.url());
    await expect(page.locator("[data-collection-renders] li").count()).resolves.toBe(1);
    await shot(page, "3-shared-desktop");
    await context.close();
    expect(problems).toEqual([]);
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "phone, signed out: the copied link shows the collection with its card, and the ZIP downloads at web size",
  async () => {
    expect(sharedLink).not.toBe("");
    const { context, page } = await openPage(390, 844);
    const response = await page.goto(sharedLink);
    expect(response!.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("Foxes to share");
    await expect(page.locator("[data-owner-controls]").count()).resolves.toBe(0);
    await expect(page.locator(`[data-collection-renders] a[href="/r/${savedRenderId}"]`).isVisible()).resolves.toBe(true);
    // Signed out, tile hearts stay hidden.
    await expect(page.locator("[data-collection-renders] [data-heart]").isVisible()).resolves.toBe(false);
    const ogImage = await page.locator('meta[property="og:image"]').getAttribute("content");
    expect(ogImage).toMatch(new RegExp(`^https?://[^/]+/images/\\d{4}/\\d{2}/${savedRenderId}\\.webp$`));
    await shot(page, "4-opened-signed-out-phone");

    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-collection-download]")]);
    const files = readZip(new Uint8Array(readFileSync((await download.path())!)));
    expect([...files.keys()].sort()).toEqual(["LICENSE", "manifest.csv", `web-size/oil-painting/${savedRenderId}.webp`].sort());
    expect(new TextDecoder().decode(files.get("manifest.csv")!)).toContain("a red fox in a snowy forest");
    await context.close();
    expect(problems).toEqual([]);
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "phone, signed in: the menu leads to My collections, and tiles show the hearts already given",
  async () => {
    const { context, page } = await openPage(390, 844);
    await signInAs(page, "collector@example.com");
    await page.goto(`${gallery.server.baseUrl}/`);
    await page.locator("[data-site-menu] summary").click();
    await page.click("[data-site-menu] a:has-text('My collections')");
    await page.waitForURL(/\/collections$/);
    await page.click("[data-collection-list] a:has-text('Favourites')");
    const tileHeart = page.locator(`[data-collection-renders] [data-heart="${savedRenderId}"]`);
    await tileHeart.waitFor({ state: "visible" });
    await page.locator(`[data-collection-renders] [data-heart="${savedRenderId}"][aria-pressed=true]`).waitFor();
    await shot(page, "5-favourites-phone");
    // The Save panel fits a phone's width.
    await page.goto(`${gallery.server.baseUrl}/r/${savedRenderId}`);
    await page.locator("[data-collect] summary").click();
    await page.locator("[data-collect-list] label", { hasText: "Foxes to share" }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
    await shot(page, "6-save-panel-phone");
    await context.close();
    expect(problems).toEqual([]);
  },
  120_000,
);
