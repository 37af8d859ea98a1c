// A pro user in a real browser: dev sign-in, buy credits through the test-payment page, restyle a photo with
// the local provider and watch it finish into a before/after view; then a matrix run that fills in live.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import type { Page } from "playwright-core";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";

let page: Page;
const problems: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), "gallery-photo-"));

const gallery = useBrowserGallery({ prompts: ["a red fox in a snowy forest"], styles: ["oil painting"], models: ["local:paint"] });

beforeAll(async () => {
  if (!browserAvailable) return;
  page = await gallery.browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => problems.push(error.message));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `pro-${name}.png`), fullPage: true });

test.skipIf(!browserAvailable)(
  "dev sign-in → buy 100 credits on the test-payment page → the header and account show them",
  async () => {
    await page.goto(`${gallery.server.baseUrl}/sign-in`);
    await page.fill("#dev-email", "pro@example.com");
    await shot("1-sign-in");
    await page.click("text=Sign in as this email");
    await page.waitForURL(/\/account$/);
    await page.goto(`${gallery.server.baseUrl}/pricing`);
    await shot("2-pricing");
    await page.locator("form:has(input[value=credits_100]) button").click();
    await page.waitForURL(/\/dev\/checkout\//);
    await expect(page.locator("main").textContent()).resolves.toContain("$25.00");
    await shot("3-test-payment");
    await page.click("button:has-text('Pay')");
    await page.waitForURL(/\/account\?test_payment=credits_100$/);
    await expect(page.locator("[role=status]").textContent()).resolves.toContain("Test payment applied: 100 credits");
    await page.locator("[data-account-link]").waitFor({ state: "visible" });
    await expect(page.locator("[data-account-link]").textContent()).resolves.toContain("100 credits");
    await expect(page.locator("main").textContent()).resolves.toContain("100");
    await shot("4-account");
    const me = await (await page.request.get(`${gallery.server.baseUrl}/me`)).json();
    expect(me).toMatchObject({ email: "pro@example.com", credits: 100, lifetime_spend_cents: 2500 });
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "upload a photo, apply a style with the local provider, watch it finish, compare before and after",
  async () => {
    const photo = join(scratch, "holiday photo.jpg");
    await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2f6f9f" } })
      .composite([{ input: Buffer.from(`<svg width="800" height="600"><circle cx="400" cy="300" r="180" fill="#f4d35e"/></svg>`) }])
      .jpeg()
      .toFile(photo);
    await page.goto(`${gallery.server.baseUrl}/r/${await firstRenderId()}`);
    await page.click("text=Apply this style to my photo");
    await page.waitForURL(/\/studio\?style=oil%20painting$/);
    await expect(page.inputValue("#apply-style")).resolves.toBe("oil painting");
    await page.setInputFiles("#photo", photo);
    await page.locator("img[alt='Your photo']").waitFor({ state: "visible" });
    await expect(page.locator("[data-cost-label=apply]").textContent()).resolves.toContain("1 credits");
    await shot("5-studio-ready");
    await page.click("[data-cost-label=apply]");
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await shot("6-rendering");
    // The page follows the render's events and reloads itself when it is done.
    await page.locator("[data-before-after]").waitFor({ state: "visible", timeout: 60_000 });
    await page.locator("[data-before-after-range]").fill("20");
    const clip = await page.locator("[data-after]").evaluate((element) => (element as HTMLElement).style.clipPath);
    expect(clip).toBe("inset(0px 0px 0px 20%)");
    await shot("7-before-after");
    await expect((await page.request.get(`${gallery.server.baseUrl}/me`)).json()).resolves.toMatchObject({ credits: 99 });
  },
  120_000,
);

test.skipIf(!browserAvailable)(
  "a matrix run fills its grid live, with a progress bar",
  async () => {
    await page.goto(`${gallery.server.baseUrl}/studio`);
    await page.fill("#base-prompts", "a tin robot\na lighthouse at dusk");
    await page.fill("#style-phrases", "pixel art\nwatercolor");
    await page.locator("input[data-cost-group=matrix][value='local:paint']").check();
    await expect(page.locator("[data-cost-label=matrix]").textContent()).resolves.toContain("8 credits");
    await page.click("[data-cost-label=matrix]");
    await page.waitForURL(/\/studio\/runs\/[0-9a-f-]{36}$/);
    await shot("8-run-started");
    await page.waitForFunction(() => document.querySelectorAll("td img").length === 8, undefined, { timeout: 90_000 });
    await page.waitForFunction(() => document.querySelector("[data-progress-text]")?.textContent?.startsWith("8 of 8"), undefined, { timeout: 10_000 });
    const width = await page.locator("[data-progress-bar]").evaluate((element) => (element as HTMLElement).style.width);
    expect(width).toBe("100%");
    await shot("9-run-finished");
    await expect((await page.request.get(`${gallery.server.baseUrl}/me`)).json()).resolves.toMatchObject({ credits: 91 });
    expect(problems).toEqual([]);
  },
  150_000,
);

async function firstRenderId(): Promise<string> {
  const body = (await (await fetch(`${gallery.server.baseUrl}/default`)).json()) as { results: { id: string }[] };
  return body.results[0]!.id;
}
