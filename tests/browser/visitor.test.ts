// A visitor in a real browser: home → search a style (autocomplete) → the style's matrix → a render.
import { expect, test } from "bun:test";
import { join } from "node:path";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

const gallery = useBrowserGallery({ prompts: ["a red fox in a snowy forest", "a lighthouse at dusk"], styles: ["oil painting", "pixel art", "neon cyberpunk"], models: ["local:sketch", "local:paint"] });

test.skipIf(!browserAvailable)(
  "browse home, search a style with autocomplete, open its matrix, open a render",
  async () => {
    for (const [width, height, device] of [[1280, 900, "desktop"], [390, 844, "phone"]] as const) {
      const page = await gallery.browser.newPage({ viewport: { width, height } });
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });

      await page.goto(gallery.server.baseUrl);
      await expect(page.locator("h1").textContent()).resolves.toContain("One prompt, many styles");
      await expect(page.locator('section[aria-labelledby=gallery-heading] a[href^="/r/"]').count()).resolves.toBe(3);
      await page.screenshot({ path: join(SCREENSHOTS, `visitor-1-home-${device}.png`) });

      const search = page.locator("#q-hero");
      await search.click();
      await search.pressSequentially("pix");
      const suggestion = page.locator("#q-hero-list a", { hasText: "pixel art" });
      await suggestion.waitFor({ state: "visible" });
      await page.screenshot({ path: join(SCREENSHOTS, `visitor-2-autocomplete-${device}.png`) });
      await search.press("Enter"); // no option highlighted: submits the search
      await page.waitForURL(/\/explore\?q=pix/);
      await expect(page.locator("main").textContent()).resolves.toContain("4 renders");
      await page.screenshot({ path: join(SCREENSHOTS, `visitor-3-explore-${device}.png`) });

      await page.locator('main a[href="/style/pixel-art"]').first().click();
      await page.waitForURL(/\/style\/pixel-art$/);
      await expect(page.locator("tbody tr").count()).resolves.toBe(2);
      await expect(page.locator("tbody img").count()).resolves.toBe(4);
      await page.screenshot({ path: join(SCREENSHOTS, `visitor-4-style-${device}.png`), fullPage: true });

      await page.locator('tbody a[href^="/r/"]').first().click();
      await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
      const image = page.locator("figure img");
      await image.waitFor();
      await expect(image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).resolves.toBe(768);
      await expect(page.locator("aside").textContent()).resolves.toContain("pixel art");
      await page.screenshot({ path: join(SCREENSHOTS, `visitor-5-render-${device}.png`) });

      // Keyboard: the autocomplete answers arrow keys and Enter on a highlighted option.
      await page.goto(gallery.server.baseUrl);
      await page.locator("#q-hero").click();
      await page.keyboard.type("oil");
      await page.locator("#q-hero-list a", { hasText: "oil painting" }).waitFor({ state: "visible" });
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/style\/oil-painting$/);

      expect(problems).toEqual([]);
      await page.close();
    }
  },
  120_000,
);
