// What a phone downloads and runs: a reader's page loads the small app.js only; Alpine arrives with the first
// interaction, and what was typed before it arrived still opens the autocomplete. Tiles further down the page are
// drawn, and their images fetched, only as the visitor comes to them, and they are all still there to reach.
import { expect, test } from "bun:test";
import { browserAvailable, useBrowserGallery } from "./browser-harness";

const gallery = useBrowserGallery({
  prompts: ["a red fox in a snowy forest"],
  // The home gallery shows a tile per style: twelve make six rows on a phone, most of them below the first screen.
  styles: ["pixel art", "oil painting", "watercolor", "film noir", "linocut", "vaporwave", "pencil sketch", "stained glass", "art nouveau", "blueprint", "claymation", "mosaic"],
  models: ["local:paint"],
});

test.skipIf(!browserAvailable)(
  "home on a phone: no Alpine until the visitor touches the search box; then suggestions appear",
  async () => {
    const page = await gallery.browser.newPage({ viewport: { width: 390, height: 844 } });
    const scripts: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(gallery.server.baseUrl, { waitUntil: "networkidle" });
    expect(scripts).toEqual(["/app.js"]);
    // The header's sign-in state comes from /me without Alpine.
    await expect(page.locator("header a[data-signed-out]").isVisible()).resolves.toBe(true);
    await expect(page.locator("header [data-account-link]").isVisible()).resolves.toBe(false);
    // Thumbnails are visible at once (no fade waiting on a script), and the first ones are fetched first.
    const first = page.locator("main img").first();
    await expect(first.getAttribute("fetchpriority")).resolves.toBe("high");
    await expect(first.evaluate((image) => getComputedStyle(image).opacity)).resolves.toBe("1");

    const search = page.locator("#q-hero");
    await search.focus();
    await search.pressSequentially("pix");
    await page.locator("#q-hero-list a", { hasText: "pixel art" }).waitFor({ state: "visible" });
    expect(scripts).toEqual(["/app.js", "/alpine.js"]);
    expect(problems).toEqual([]);
  },
  60_000,
);

test.skipIf(!browserAvailable)(
  "home on a phone: gallery tiles below the first screen load when scrolled or tabbed to, and open their render",
  async () => {
    const page = await gallery.browser.newPage({ viewport: { width: 390, height: 844 } });
    const images: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "image") images.push(new URL(request.url()).pathname);
    });
    await page.goto(gallery.server.baseUrl, { waitUntil: "networkidle" });
    const tiles = page.locator("section[aria-labelledby=gallery-heading] li");
    await expect(tiles.count()).resolves.toBe(12);
    const lastTile = tiles.last();
    const lastThumbs = await lastTile.locator("img").evaluate((image) => [image.getAttribute("src"), ...(image.getAttribute("srcset") ?? "").split(", ").map((entry) => entry.split(" ")[0])]);
    expect(images.some((path) => lastThumbs.includes(path))).toBe(false);

    // Keyboard: Tab from the tile before it reaches the last tile, which the browser brings into view and draws.
    await tiles.nth(10).locator("a").focus();
    await page.keyboard.press("Tab");
    await expect(lastTile.locator("a").evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    await page.waitForFunction(() => {
      const tiles = document.querySelectorAll("section[aria-labelledby=gallery-heading] li");
      const image = tiles[tiles.length - 1]!.querySelector("img")!;
      const box = image.getBoundingClientRect();
      return image.naturalWidth > 0 && box.height > 100 && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    await expect(lastTile.textContent()).resolves.toContain("Local Paint");

    await lastTile.locator("a").click();
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await page.close();
  },
  60_000,
);
