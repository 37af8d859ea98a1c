// Comparing two styles in a real browser, at desktop and phone widths: from a style page's "other style…" link
// through the chooser to the slider, which moves by keyboard and by dragging; then side by side and the heat map.
import { expect, test } from "bun:test";
import { join } from "node:path";
import sharp from "sharp";
import type { Locator, Page } from "playwright-core";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

const DEVICES = [
  ["desktop", 1280, 900],
  ["phone", 390, 844],
] as const;

const gallery = useBrowserGallery({ prompts: ["a red fox in a snowy forest"], styles: ["pixel art", "oil painting"], models: ["local:paint", "local:sketch"] });

/** Where the split line is drawn, as a share of the slider's width. */
async function splitAt(slider: Locator): Promise<number> {
  const box = (await slider.boundingBox())!;
  const line = (await slider.locator("[data-split-line]").boundingBox())!;
  return (line.x + line.width / 2 - box.x) / box.width;
}

/** The slider as drawn (split line and labels hidden), as raw pixels. */
async function sliderPixels(slider: Locator): Promise<{ data: Buffer; width: number; height: number }> {
  const png = await slider.screenshot({ mask: [slider.locator("[data-split-line]"), slider.locator("span.truncate")], maskColor: "#000" });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean absolute difference (0–255) between two captures over a band of columns [from, to) (shares of width). */
function bandDifference(a: { data: Buffer; width: number; height: number }, b: { data: Buffer }, from: number, to: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y += 2) {
    for (let x = Math.round(a.width * from); x < Math.round(a.width * to); x += 2) {
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
      count += 3;
    }
  }
  return sum / count;
}

async function waitForImages(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.querySelectorAll("main img")].every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0));
}

for (const [device, width, height] of DEVICES) {
  test.skipIf(!browserAvailable)(
    `${device}: a style page's cell opens the chooser, which opens a slider that keys and drags move`,
    async () => {
      const context = await gallery.browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(error.message));
      const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `compare-${device}-${name}.png`) });

      await page.goto(`${gallery.server.baseUrl}/style/pixel-art`);
      await waitForImages(page);
      await shot("0-style-page");
      await page.locator("[data-compare-styles]").first().click();
      await page.waitForURL(/\/compare\?a=[0-9a-f-]{36}$/);
      await waitForImages(page);
      await shot("0-chooser");
      await page.selectOption("select[name=b]", { label: "oil painting" });
      await page.getByRole("button", { name: "Compare" }).click();
      await page.waitForURL(/\/compare\?a=[0-9a-f-]{36}&b=[0-9a-f-]{36}$/);
      await waitForImages(page);
      await shot("1-slider");

      const slider = page.locator("[data-before-after]");
      const range = page.getByRole("slider", { name: "Split between pixel art (left) and oil painting (right)" });
      expect(await range.inputValue()).toBe("50");
      expect(await splitAt(slider)).toBeCloseTo(0.5, 1);
      const atHalf = await sliderPixels(slider);

      // Keyboard: the control takes focus and the arrow keys move the split.
      await range.focus();
      for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
      expect(await range.inputValue()).toBe("60");
      expect(await splitAt(slider)).toBeCloseTo(0.6, 1);
      const afterKeys = await sliderPixels(slider);
      // Between 50% and 60% the picture changed from the right image to the left one; right of 60% nothing did.
      expect(bandDifference(atHalf, afterKeys, 0.51, 0.59)).toBeGreaterThan(8);
      expect(bandDifference(atHalf, afterKeys, 0.65, 0.95)).toBeLessThan(2);

      // Dragging anywhere across the picture moves it as well.
      const box = (await slider.boundingBox())!;
      const y = box.y + box.height * 0.7;
      await page.mouse.move(box.x + box.width * 0.6, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.2, y, { steps: 8 });
      await page.mouse.up();
      const dragged = Number(await range.inputValue());
      expect(dragged).toBeGreaterThanOrEqual(17);
      expect(dragged).toBeLessThanOrEqual(23);
      expect(await splitAt(slider)).toBeCloseTo(dragged / 100, 1);
      const afterDrag = await sliderPixels(slider);
      expect(bandDifference(afterKeys, afterDrag, 0.25, 0.55)).toBeGreaterThan(8);
      expect(bandDifference(afterKeys, afterDrag, 0, 0.15)).toBeLessThan(2);
      await shot("2-dragged");

      // The page fits a phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      // The other views are links that keep the pair.
      await page.getByRole("link", { name: "Side by side" }).click();
      await page.waitForURL(/&mode=side$/);
      await waitForImages(page);
      expect(await page.locator("[data-compare-side] img").count()).toBe(2);
      await page.getByRole("link", { name: "Difference" }).click();
      await page.waitForURL(/&mode=diff$/);
      await waitForImages(page);
      const heatmap = page.locator("[data-compare-diff] img");
      expect(await heatmap.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shot("3-difference");
      expect(problems).toEqual([]);
      await context.close();
    },
    90_000,
  );
}
