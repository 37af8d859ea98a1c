// Quality bars on every page, at desktop and phone widths: text meets WCAG AA contrast (4.5:1, 3:1 for large
// text) against the background it is drawn on, and every link has a name a screen reader can say.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Browser, Page } from "playwright-core";
import { browserAvailable, launchBrowser, renderGallery, startServer, type RunningServer } from "./browser-harness";
import { CONTRAST_AUDIT, UNNAMED_LINKS } from "./contrast-audit";

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!browserAvailable) return;
  server = await startServer();
  await renderGallery(server.dataDir, ["a lighthouse on a cliff"], ["watercolor"], ["local:paint"]);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PUBLIC_PAGES = ["/", "/explore", "/explore?q=zzzz", "/style/watercolor", "/pricing", "/docs", "/sign-in", "/no-such-page"];
const SIGNED_IN_PAGES = ["/account", "/studio", "/checkout?product=credits_100"];

async function audit(page: Page, path: string) {
  await page.goto(`${server.baseUrl}${path}`);
  return { path, lowContrast: (await page.evaluate(CONTRAST_AUDIT)) as unknown[], unnamedLinks: (await page.evaluate(UNNAMED_LINKS)) as string[] };
}

for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
  describe(`at ${name} width`, () => {
    test.skipIf(!browserAvailable)(
      "every page's text has AA contrast and every link a name (public, render, signed-in pages)",
      async () => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const results = [];
        for (const path of PUBLIC_PAGES) results.push(await audit(page, path));
        await page.goto(`${server.baseUrl}/explore?q=lighthouse`);
        const render = await page.locator("a[href^='/r/']").first().getAttribute("href");
        results.push(await audit(page, render!));
        results.push(await audit(page, `${render}/download`));
        await page.goto(`${server.baseUrl}/sign-in`);
        await page.fill("#dev-email", `contrast-${name}@example.com`);
        await page.click("text=Sign in as this email");
        await page.waitForURL(/\/account$/);
        for (const path of SIGNED_IN_PAGES) results.push(await audit(page, path));
        expect(results.filter((result) => result.lowContrast.length || result.unnamedLinks.length)).toEqual([]);
        expect(results).toHaveLength(PUBLIC_PAGES.length + 2 + SIGNED_IN_PAGES.length);
        await context.close();
      },
      120_000,
    );
  });
}

test.skipIf(!browserAvailable)("the audit itself finds dim text, white on amber and an empty link", async () => {
  const page = await browser.newPage();
  await page.setContent(
    `<body style="background:#0a0a0a"><p style="color:#444">dim</p><p style="color:#eee">fine</p><div style="background:#fcd34d"><span style="color:#fff">pale</span></div><a href="/x"></a><a href="/y" aria-label="named"></a><a href="/z"><img alt="pic"></a></body>`,
  );
  expect(((await page.evaluate(CONTRAST_AUDIT)) as { text: string }[]).map((failure) => failure.text)).toEqual(["dim", "pale"]);
  expect(await page.evaluate(UNNAMED_LINKS)).toEqual(["/x"]);
  await page.close();
});
