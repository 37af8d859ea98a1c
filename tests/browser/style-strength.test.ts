// Measured style strength as a visitor sees it, in a real browser: a run with no-style baselines (the matrix CLI's
// --baselines) gives the style page its "Strong on <model>" panel, and explore's "Strongest effect" sort puts the
// strong style before one the model ignores, which A–Z puts first.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { browserAvailable, launchBrowser, renderGallery, SCREENSHOTS, startServer, type RunningServer } from "./browser-harness";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!browserAvailable) return;
  server = await startServer();
  const launched = launchBrowser();
  await renderGallery(server.dataDir, ["a lighthouse on a cliff", "a red fox in a snowy forest"], ["stained glass", "masterpiece"], ["local:paint"], { baselines: true });
  browser = await launched;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The style cards' slugs, in the order explore shows them. */
function cardOrder(page: Page): Promise<string[]> {
  return page.locator("[data-style-cards] a[href^='/style/']").evaluateAll((links) => [...new Set(links.map((link) => link.getAttribute("href")!.slice("/style/".length)))]);
}

test.skipIf(!browserAvailable)(
  "the style page says how strong the style is on the model, and explore's strongest-effect sort reorders the cards",
  async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));

    await page.goto(`${server.baseUrl}/style/stained-glass`);
    const panel = page.locator("[data-style-strength]");
    await expect(panel.locator("h2").textContent()).resolves.toBe("Measured strength");
    await expect(panel.locator("[data-strength-sentence]").textContent()).resolves.toBe("Strong on Local Paint");
    const meter = panel.getByRole("meter", { name: /^Strong: \d+ of 100$/ });
    expect(Number(await meter.getAttribute("value"))).toBeGreaterThanOrEqual(50);
    await expect(panel.locator("[data-strength-model='local:paint']").textContent()).resolves.toMatch(/Local Paint.*Strong · \d+/);
    await page.screenshot({ path: join(SCREENSHOTS, "style-strength-1-panel.png") });

    await page.goto(`${server.baseUrl}/style/masterpiece`);
    await expect(page.locator("[data-strength-sentence]").textContent()).resolves.toBe("No visible effect on Local Paint");

    // A–Z first, then the sort control: the strong style moves ahead of the ignored one.
    await page.goto(`${server.baseUrl}/explore`);
    await expect(cardOrder(page)).resolves.toEqual(["masterpiece", "stained-glass"]);
    await expect(page.locator("[data-style-cards] [data-card-strength]").allTextContents()).resolves.toEqual(["No visible effect on Local Paint", "Strong on Local Paint"]);
    await page.selectOption("#sort-order", "strength");
    await page.waitForURL(/[?&]sort=strength/);
    await expect(cardOrder(page)).resolves.toEqual(["stained-glass", "masterpiece"]);
    await expect(page.locator("[data-style-cards] [data-card-strength]").first().textContent()).resolves.toBe("Strong on Local Paint");
    await page.screenshot({ path: join(SCREENSHOTS, "style-strength-2-explore.png") });

    expect(problems).toEqual([]);
    await context.close();
  },
  60_000,
);
