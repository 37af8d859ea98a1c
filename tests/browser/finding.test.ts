// Finding things in a real browser, at desktop and phone widths: the home matrix, search by subject with filters,
// suggestions, style cards, a style page, a render's zoom, copy, share and "use this prompt", and the phone menu.
import { expect, test } from "bun:test";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

const PROMPTS = ["a red fox in a snowy forest", "a lighthouse on a rocky coast", "a tin robot watering a houseplant"] as const;
const STYLES = ["oil painting", "pixel art", "watercolor", "stained glass"];
const DEVICES = [
  ["desktop", 1280, 900],
  ["phone", 390, 844],
] as const;

const gallery = useBrowserGallery({ prompts: [...PROMPTS], styles: STYLES, models: ["local:sketch", "local:paint"], timeoutMs: 180_000 });

async function openPage(width: number, height: number): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await gallery.browser.newContext({ viewport: { width, height } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: gallery.server.baseUrl });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  return { context, page, problems };
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SCREENSHOTS, `finding-${name}.png`), fullPage });

/** Images whose top edge is inside the first screen and that have actually loaded. */
function imagesOnFirstScreen(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll("main img")].filter((image) => {
      const box = image.getBoundingClientRect();
      return box.width > 40 && box.top < window.innerHeight && box.bottom > 0 && (image as HTMLImageElement).naturalWidth > 0;
    }).length,
  );
}

test.skipIf(!browserAvailable)(
  "home: the first screen shows a prompts × styles matrix of images, and the gallery spans prompts",
  async () => {
    for (const [device, width, height] of DEVICES) {
      const { context, page, problems } = await openPage(width, height);
      await page.goto(gallery.server.baseUrl);
      // Columns a phone hides never load (lazy images): wait for the shown ones.
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>("[data-showcase] img")].every((image) => image.complete || image.getClientRects().length === 0),
      );
      await shot(page, `1-home-${device}`);
      const heading = page.locator("#showcase-heading");
      await expect(heading.textContent()).resolves.toContain("Same prompt, many styles");
      await expect(heading.textContent()).resolves.toContain("many prompts");
      const rows = await page.locator("[data-showcase] tbody th[scope=row]").allTextContents();
      expect(rows.map((row) => row.trim()).sort()).toEqual([...PROMPTS].sort());
      // A phone's first screen: at least a 3 × 3 block of the matrix, not only a headline and search boxes.
      expect(await imagesOnFirstScreen(page)).toBeGreaterThanOrEqual(device === "phone" ? 9 : 12);
      const galleryPrompts = await page.locator("section[aria-labelledby=gallery-heading] li p.text-neutral-400:not(.text-xs)").allTextContents();
      expect(new Set(galleryPrompts).size).toBe(PROMPTS.length);
      expect(problems).toEqual([]);
      await context.close();
    }
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "search by subject from the header, narrow by model, sort newest; a miss suggests the nearest",
  async () => {
    for (const [device, width, height] of DEVICES) {
      const { context, page, problems } = await openPage(width, height);
      await page.goto(`${gallery.server.baseUrl}/style/pixel-art`);
      await page.locator("#q-header").fill("fox");
      await page.locator("#q-header").press("Enter");
      await page.waitForURL(/\/explore\?q=fox$/);
      await expect(page.locator("[data-result-count]").textContent()).resolves.toContain(`${STYLES.length * 2} renders`);
      const prompts = await page.locator("main ul li p.text-neutral-400:not(.text-xs)").allTextContents();
      expect(prompts).toHaveLength(STYLES.length * 2);
      expect(new Set(prompts)).toEqual(new Set([PROMPTS[0]!]));
      await shot(page, `2-search-fox-${device}`);

      await page.selectOption("#model-filter", "local:paint");
      await page.waitForURL(/model=local%3Apaint/);
      await expect(page.locator("[data-result-count]").textContent()).resolves.toContain(`${STYLES.length} renders`);
      expect(new Set(await page.locator("main ul li p.text-xs").allTextContents())).toEqual(new Set(["Local Paint"]));
      await page.selectOption("#sort-order", "newest");
      await page.waitForURL(/sort=newest/);
      await expect(page.locator("[data-result-count]").textContent()).resolves.toContain(`${STYLES.length} renders`);
      await shot(page, `3-search-filtered-${device}`);

      // Subject and style together.
      await page.goto(`${gallery.server.baseUrl}/explore?q=${encodeURIComponent("lighthouse watercolor")}`);
      await expect(page.locator("[data-result-count]").textContent()).resolves.toContain("2 renders");

      await page.goto(`${gallery.server.baseUrl}/explore?q=lighthose`);
      await expect(page.locator("main").textContent()).resolves.toContain("No renders match.");
      const suggestion = page.locator("[data-suggestions] a", { hasText: PROMPTS[1] });
      await suggestion.waitFor({ state: "visible" });
      await shot(page, `4-no-match-${device}`);
      await suggestion.click();
      await page.waitForURL(/\/explore\?q=a\+lighthouse/);
      await expect(page.locator("[data-result-count]").textContent()).resolves.toContain(`${STYLES.length * 2} renders`);
      expect(problems).toEqual([]);
      await context.close();
    }
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "explore without a query shows style cards with thumbnails; a style page fills the width and offers the studio",
  async () => {
    for (const [device, width, height] of DEVICES) {
      const { context, page, problems } = await openPage(width, height);
      await page.goto(`${gallery.server.baseUrl}/explore`);
      const cards = page.locator("[data-style-cards] li");
      await expect(cards.count()).resolves.toBe(STYLES.length);
      await page.waitForFunction((count) => [...document.querySelectorAll("[data-style-cards] img")].filter((image) => (image as HTMLImageElement).naturalWidth > 0).length === count, STYLES.length);
      await shot(page, `5-style-cards-${device}`);
      await cards.filter({ hasText: "stained glass" }).locator("a").click();
      await page.waitForURL(/\/style\/stained-glass$/);
      const [tableWidth, mainWidth] = await page.evaluate(() => [
        document.querySelector("[data-style-matrix]")!.getBoundingClientRect().width,
        document.querySelector("main")!.getBoundingClientRect().width,
      ]);
      if (device === "desktop") expect(tableWidth).toBeGreaterThan(mainWidth * 0.9);
      await expect(page.locator("[data-try-style]").getAttribute("href")).resolves.toBe("/studio?style=stained%20glass");
      await expect(page.locator("[data-try-style]").isVisible()).resolves.toBe(true);
      await shot(page, `6-style-${device}`, true);
      expect(problems).toEqual([]);
      await context.close();
    }
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "a render: zoom with arrow keys through siblings and Escape, copy the prompt, share, use the prompt for a new matrix",
  async () => {
    for (const [device, width, height] of DEVICES) {
      const { context, page, problems } = await openPage(width, height);
      await page.goto(`${gallery.server.baseUrl}/explore?q=robot`);
      await page.locator('main a[href^="/r/"]').first().click();
      await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
      const title = (await page.locator("aside h1").textContent())!.trim();
      expect(title).toBe(PROMPTS[2]!);

      const dialog = page.locator("[data-lightbox]");
      await expect(dialog.isVisible()).resolves.toBe(false);
      await page.locator("[data-lightbox-open]").click();
      await dialog.waitFor({ state: "visible" });
      const position = page.locator("[data-lightbox-position]");
      await expect(position.textContent()).resolves.toMatch(/^1 \/ \d+$/);
      const firstCaption = await page.locator("[data-lightbox-caption]").textContent();
      await shot(page, `7-zoom-${device}`);
      await page.keyboard.press("ArrowRight");
      await expect(position.textContent()).resolves.toMatch(/^2 \/ \d+$/);
      expect(await page.locator("[data-lightbox-caption]").textContent()).not.toBe(firstCaption);
      await page.waitForFunction(() => (document.querySelector("[data-lightbox-image]") as HTMLImageElement).naturalWidth > 0);
      await shot(page, `8-zoom-next-${device}`);
      await page.keyboard.press("ArrowLeft");
      await expect(page.locator("[data-lightbox-caption]").textContent()).resolves.toBe(firstCaption);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });

      const effectivePrompt = (await page.locator("dd.text-neutral-300").textContent())!.trim();
      await page.locator("[data-copy-text]").click();
      await page.locator("[data-copy-text]", { hasText: "Prompt copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(effectivePrompt);

      // No Web Share API in this browser: Share copies the page's link.
      expect(await page.evaluate(() => typeof navigator.share)).toBe("undefined");
      await page.locator("[data-share-path]").click();
      await page.locator("[data-share-path]", { hasText: "Link copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
      await shot(page, `9-render-actions-${device}`);

      // Where the Web Share API exists, Share hands it the title and link.
      await page.evaluate(() => {
        (window as unknown as { shared: ShareData[] }).shared = [];
        Object.defineProperty(navigator, "share", {
          configurable: true,
          value: async (data: ShareData) => void (window as unknown as { shared: ShareData[] }).shared.push(data),
        });
      });
      await page.locator("[data-share-path]").click();
      await page.waitForFunction(() => (window as unknown as { shared: ShareData[] }).shared.length > 0);
      const shared = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
      expect(shared).toEqual([{ title: expect.stringContaining(PROMPTS[2]!), url: page.url() }]);

      const usePrompt = page.locator("[data-use-prompt]");
      await expect(usePrompt.getAttribute("href")).resolves.toBe(`/studio?prompt=${encodeURIComponent(PROMPTS[2]!).replace(/%20/g, "+")}`);
      const renderUrl = page.url();
      await page.goto(`${gallery.server.baseUrl}/sign-in`);
      await page.fill("#dev-email", `finder-${device}@example.com`);
      await page.click("text=Sign in as this email");
      await page.waitForURL(/\/account/);
      await page.goto(renderUrl);
      await page.locator("[data-use-prompt]").click();
      await page.waitForURL(/\/studio\?prompt=/);
      await expect(page.inputValue("#base-prompts")).resolves.toBe(PROMPTS[2]);
      await shot(page, `10-studio-prompt-${device}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  },
  150_000,
);

test.skipIf(!browserAvailable)(
  "the header reaches Pricing, Studio and Account: directly on a desktop, through the menu on a phone",
  async () => {
    for (const [device, width, height] of DEVICES) {
      const { context, page, problems } = await openPage(width, height);
      await page.goto(gallery.server.baseUrl);
      const header = page.locator("header");
      const directPricing = header.locator('nav > a[href="/pricing"]');
      const menuButton = header.locator("[data-site-menu] summary");
      if (device === "desktop") {
        await expect(directPricing.isVisible()).resolves.toBe(true);
        await expect(header.locator('nav > a[href="/studio"]').isVisible()).resolves.toBe(true);
        await expect(menuButton.isVisible()).resolves.toBe(false);
        await directPricing.click();
        await page.waitForURL(/\/pricing$/);
      } else {
        await expect(directPricing.isVisible()).resolves.toBe(false);
        await expect(menuButton.isVisible()).resolves.toBe(true);
        const menuPricing = header.locator('[data-site-menu] a[href="/pricing"]');
        await expect(menuPricing.isVisible()).resolves.toBe(false);
        await menuButton.click();
        for (const name of ["Styles", "Pricing", "Studio", "Account"]) {
          await expect(header.locator("[data-site-menu] a", { hasText: name }).isVisible()).resolves.toBe(true);
        }
        await shot(page, "11-menu-open-phone");
        await page.keyboard.press("Escape");
        await expect(menuPricing.isVisible()).resolves.toBe(false);
        await menuButton.click();
        await page.locator("main").click({ position: { x: 10, y: 300 } });
        await expect(menuPricing.isVisible()).resolves.toBe(false);
        await menuButton.click();
        await menuPricing.click();
        await page.waitForURL(/\/pricing$/);
        await page.locator("[data-site-menu] summary").click();
        await page.locator('[data-site-menu] a[href="/studio"]').click();
        await page.waitForURL(/\/(studio|sign-in)/);
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  },
  120_000,
);
