// What a phone downloads and runs: a reader's page loads the small app.js only; Alpine arrives with the first
// interaction, and what was typed before it arrived still opens the autocomplete.
import { expect, test } from "bun:test";
import { browserAvailable, useBrowserGallery } from "./browser-harness";

const gallery = useBrowserGallery({ prompts: ["a red fox in a snowy forest"], styles: ["pixel art", "oil painting"], models: ["local:paint"] });

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
