// A payer in a real browser, at desktop and phone widths: signing in returns to what they were doing (a style for
// their photo, a purchase), a locked download says how far they are, a cancel asks first and reads as a refund.
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import type { BrowserContext, Page } from "playwright-core";
import { planMatrixRunStep } from "../../src/generation/matrix";
import { browserAvailable, SCREENSHOTS, useBrowserGallery } from "./browser-harness";
import { runSteps } from "../helpers/steps";

const problems: string[] = [];

const gallery = useBrowserGallery({ prompts: ["a lighthouse on a cliff"], styles: ["watercolor"], models: ["local:paint"] });

const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

async function freshPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await gallery.browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  return { context, page };
}

async function devSignIn(page: Page, email: string) {
  await page.fill("#dev-email", email);
  await page.click("text=Sign in as this email");
}

/** The server's database file, opened as another process would: waiting for the server's writes, not failing on them. */
function openServerDatabase(options: { readonly?: boolean } = {}): Database {
  const db = new Database(join(gallery.server.dataDir, "gallery.db"), options);
  db.exec("PRAGMA busy_timeout = 5000");
  return db;
}

function grantCredits(email: string, credits: number): void {
  const db = openServerDatabase();
  try {
    const { id } = db.query("SELECT id FROM users WHERE email = ?").get(email) as { id: number };
    db.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, ?, 'purchase')").run(id, credits);
  } finally {
    db.close();
  }
}

/** A photo with a clear shape, written once to a temp file for the upload field. */
let photoPath: string | undefined;
async function samplePhoto(): Promise<string> {
  if (photoPath) return photoPath;
  photoPath = join(mkdtempSync(join(tmpdir(), "payer-photo-")), "holiday photo.jpg");
  await sharp({ create: { width: 800, height: 600, channels: 3, background: "#2f6f9f" } })
    .composite([{ input: Buffer.from(`<svg width="800" height="600"><circle cx="400" cy="300" r="180" fill="#f4d35e"/></svg>`) }])
    .jpeg()
    .toFile(photoPath);
  return photoPath;
}

function firstRenderId(): string {
  const db = openServerDatabase({ readonly: true });
  try {
    return (db.query("SELECT id FROM renders WHERE status = 'done' ORDER BY created_at LIMIT 1").get() as { id: string }).id;
  } finally {
    db.close();
  }
}

for (const { name, viewport } of WIDTHS) {
  describe(`at ${name} width`, () => {
    const shot = (page: Page, step: string) => page.screenshot({ path: join(SCREENSHOTS, `payer-${name}-${step}.png`), fullPage: true });

    test.skipIf(!browserAvailable)(
      "Apply this style to my photo while signed out → sign in → the studio with that style filled in",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/r/${firstRenderId()}`);
        await page.click("text=Apply this style to my photo");
        await page.waitForURL(/\/sign-in\?next=/);
        await devSignIn(page, `stylist-${name}@example.com`);
        await page.waitForURL(/\/studio\?style=watercolor$/);
        await expect(page.inputValue("#apply-style")).resolves.toBe("watercolor");
        await shot(page, "1-studio-after-sign-in");
        await context.close();
      },
      60_000,
    );

    test.skipIf(!browserAvailable)(
      "Buy while signed out → sign in → the checkout for that product → a test payment that says what it applied",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/pricing`);
        await expect(page.locator("[data-model-costs]").textContent()).resolves.toContain("Local Paint");
        await expect(page.locator("[data-offer]").textContent()).resolves.toContain("buy it alone for $50.00");
        await shot(page, "2-pricing");
        await page.locator("form:has(input[value=credits_500]) button").click();
        await page.waitForURL(/\/sign-in\?next=/);
        await devSignIn(page, `buyer-${name}@example.com`);
        await page.waitForURL(/\/checkout\?product=credits_500$/);
        await expect(page.locator("h1").textContent()).resolves.toBe("500 credits");
        await expect(page.locator("main").textContent()).resolves.toContain("$100.00");
        await shot(page, "3-checkout-after-sign-in");
        await page.click("text=Continue to payment");
        await page.waitForURL(/\/dev\/checkout\//);
        await page.click("button:has-text('Pay')");
        await page.waitForURL(/\/account\?test_payment=credits_500$/);
        await expect(page.locator("[role=status]").textContent()).resolves.toBe("Test payment applied: 500 credits (development mode, no money moved).");
        await expect(page.locator("#credit-balance").textContent()).resolves.toBe("500");
        await expect(page.locator("a[href='/billing-portal']").count()).resolves.toBe(0);
        await shot(page, "4-account");
        await context.close();
      },
      60_000,
    );

    test.skipIf(!browserAvailable)(
      "a locked visitor's Download at full resolution says what unlocks it, how far they are, and links to pricing",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/sign-in`);
        await devSignIn(page, `locked-${name}@example.com`);
        await page.waitForURL(/\/account$/);
        await page.goto(`${gallery.server.baseUrl}/pricing`);
        await page.locator("form:has(input[value=credits_100]) button").click();
        await page.click("button:has-text('Pay')");
        await page.waitForURL(/\/account\?test_payment=credits_100$/);
        await page.goto(`${gallery.server.baseUrl}/r/${firstRenderId()}`);
        await page.click("text=Download at full resolution");
        await expect(page.locator("h1").textContent()).resolves.toBe("Not unlocked yet");
        await expect(page.locator("main").textContent()).resolves.toContain("You have spent $25.00 of $100.00.");
        await shot(page, "5-locked-download");
        await page.click("text=See pricing");
        await page.waitForURL(/\/pricing$/);
        await expect(page.locator("h1").textContent()).resolves.toBe("Pricing");
        await context.close();
      },
      60_000,
    );

    test.skipIf(!browserAvailable)(
      "a library buyer downloads the library in one click from /account and from /pricing, the button saying how many images and how big",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/sign-in`);
        await devSignIn(page, `librarian-${name}@example.com`);
        await page.waitForURL(/\/account$/);
        // No access yet: neither page offers it.
        await expect(page.locator("text=Download the library").count()).resolves.toBe(0);
        await page.goto(`${gallery.server.baseUrl}/pricing`);
        await expect(page.locator("[data-library-download]").isVisible()).resolves.toBe(false);
        await page.locator("form:has(input[value=library]) button").click();
        await page.click("button:has-text('Pay')");
        await page.waitForURL(/\/account\?test_payment=library$/);
        const library = (await (await page.request.get(`${gallery.server.baseUrl}/library.json`)).json()) as { files: number; bytes: number };
        expect(library.files).toBe(1);
        const label = new RegExp(`^Download the library \\(1 image, ${library.bytes >= 1e6 ? `${(library.bytes / 1e6).toFixed(1)} MB` : `${Math.round(library.bytes / 1000)} KB`}\\)$`);
        const accountButton = page.locator("a", { hasText: "Download the library" });
        await expect(accountButton.textContent()).resolves.toMatch(label);
        await shot(page, "10-account-library");
        const fromAccount = page.waitForEvent("download");
        await accountButton.click();
        expect((await fromAccount).suggestedFilename()).toMatch(/^ai-gallery-library-\d+\.zip$/);
        await page.goto(`${gallery.server.baseUrl}/pricing`);
        const pricingButton = page.locator("[data-library-download] a");
        await pricingButton.waitFor({ state: "visible" });
        await expect(pricingButton.textContent()).resolves.toMatch(label);
        await shot(page, "11-pricing-library");
        const fromPricing = page.waitForEvent("download");
        await pricingButton.click();
        const download = await fromPricing;
        expect(download.suggestedFilename()).toMatch(/^ai-gallery-library-\d+\.zip$/);
        expect(await download.failure()).toBeNull();
        await context.close();
      },
      60_000,
    );

    test.skipIf(!browserAvailable)(
      "a style applied on three models shows all three results on one page, each with its own before/after",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/sign-in`);
        const email = `grid-${name}@example.com`;
        await devSignIn(page, email);
        await page.waitForURL(/\/account$/);
        grantCredits(email, 10);
        await page.goto(`${gallery.server.baseUrl}/studio?style=watercolor`);
        await page.setInputFiles("#photo", await samplePhoto());
        await page.locator("img[alt='Your photo']").waitFor({ state: "visible" });
        for (const model of ["local:paint", "local:sketch", "local:pixel"]) await page.locator(`input[data-cost-group=apply][value='${model}']`).check();
        // The results come in the form's order of models.
        const models = await page.locator("input[data-cost-group=apply]:checked").evaluateAll((boxes) => boxes.map((box) => box.parentElement!.textContent!.trim()));
        expect([...models].sort()).toEqual(["Local Paint", "Local Pixel", "Local Sketch"]);
        await expect(page.locator("[data-cost-label=apply]").textContent()).resolves.toContain("3 credits");
        await page.click("[data-cost-label=apply]");
        await page.waitForURL(/\/studio\/restyles\?ids=/);
        await expect(page.locator("h1").textContent()).resolves.toBe("Your photo in watercolor");
        await expect(page.locator("[data-restyle-result] h2").allTextContents()).resolves.toEqual(models);
        await shot(page, "12-restyles-started");
        await page.evaluate(() => document.documentElement.setAttribute("data-same-document", ""));
        // The cards fill in as the renders finish, without a reload, each with the photo before and its result after.
        await page.waitForFunction(() => document.querySelectorAll("[data-restyle-result] [data-before-after]").length === 3, undefined, { timeout: 90_000 });
        await expect(page.locator("[data-restyle-summary]").textContent()).resolves.toBe("3 models · 3 of 3 finished");
        await expect(page.locator("html[data-same-document]").count()).resolves.toBe(1);
        const afters = await page.locator("[data-restyle-result] img[data-after]").evaluateAll((images) => images.map((image) => (image as HTMLImageElement).alt));
        expect(afters).toEqual(models.map((model) => `After: your photo in watercolor by ${model}`));
        const befores = await page.locator("[data-restyle-result] [data-before-after] img:not([data-after])").evaluateAll((images) =>
          images.map((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0),
        );
        expect(befores).toEqual([true, true, true]);
        // Each slider moves its own card only.
        await page.locator("[data-restyle-result]").nth(1).locator("[data-before-after-range]").fill("20");
        const clips = await page.locator("[data-restyle-result] [data-after]").evaluateAll((images) => images.map((image) => (image as HTMLElement).style.clipPath));
        expect(clips).toEqual(["inset(0px 0px 0px 50%)", "inset(0px 0px 0px 20%)", "inset(0px 0px 0px 50%)"]);
        await shot(page, "13-restyles-finished");
        await context.close();
      },
      120_000,
    );

    test.skipIf(!browserAvailable)(
      "/docs shows a curl example per endpoint and never scrolls sideways",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/docs`);
        const examples = await page.locator("[data-curl]").allTextContents();
        expect(examples.length).toBeGreaterThan(20);
        expect(examples.every((example) => example.trim().startsWith("curl "))).toBe(true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await shot(page, "8-docs");
        await context.close();
      },
      60_000,
    );

    test.skipIf(!browserAvailable)(
      "cancel asks first; cancelled cells read as refunded; the history shows one refund line for the run",
      async () => {
        const { context, page } = await freshPage(viewport);
        await page.goto(`${gallery.server.baseUrl}/sign-in`);
        const email = `canceller-${name}@example.com`;
        await devSignIn(page, email);
        await page.waitForURL(/\/account$/);
        // A run on a model this server cannot draw (no OpenAI key): its cells stay queued until cancelled.
        const db = openServerDatabase();
        let runId: string;
        try {
          const { id: userId } = db.query("SELECT id FROM users WHERE email = ?").get(email) as { id: number };
          db.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 40, 'purchase')").run(userId);
          const run = runSteps(db, (tx, tables) =>
            planMatrixRunStep(tx, tables, {
              basePrompts: ["a quiet harbour", "a red bicycle"],
              stylePhrases: ["ukiyo-e", "charcoal sketch"],
              modelKeys: ["openai:gpt-image-1"],
              userId,
              visibility: "private",
              costOf: () => 8,
            }),
          )!;
          db.query("INSERT INTO credit_ledger (user_id, delta, reason, matrix_run_id) VALUES (?, ?, 'matrix_run', ?)").run(userId, -run.cost, run.runId);
          runId = run.runId;
        } finally {
          db.close();
        }
        await page.goto(`${gallery.server.baseUrl}/studio/runs/${runId}`);
        const dialogs: string[] = [];
        let accept = false;
        page.on("dialog", (dialog) => {
          dialogs.push(dialog.message());
          void (accept ? dialog.accept() : dialog.dismiss());
        });
        // Declining the confirmation cancels nothing.
        await page.click("text=Cancel what hasn’t started (refund)");
        await Bun.sleep(300);
        expect(dialogs).toHaveLength(1);
        expect(dialogs[0]).toContain("The 4 cells not yet started will not be drawn");
        expect(page.url()).toEndWith(`/studio/runs/${runId}`);
        await expect(page.locator("[data-run-status]").textContent()).resolves.not.toContain("cancelled");
        accept = true;
        await page.click("text=Cancel what hasn’t started (refund)");
        await page.locator("[data-run-status]", { hasText: "cancelled" }).waitFor();
        await expect(page.locator("[data-run-status]").textContent()).resolves.toBe("cancelled: 4 cells refunded");
        await expect(page.locator("[data-cancelled]").allTextContents()).resolves.toEqual(Array(4).fill("Cancelled · refunded"));
        await expect(page.locator("main").textContent()).resolves.not.toContain("Failed");
        await shot(page, "6-run-cancelled");
        await page.goto(`${gallery.server.baseUrl}/account`);
        const history = page.locator("section[aria-labelledby=ledger-heading]");
        await expect(history.textContent()).resolves.toContain(`Refund for 4 cells of run ${runId.slice(0, 8)}`);
        await expect(history.locator("text=Refund for").count()).resolves.toBe(1);
        await expect(history.textContent()).resolves.toContain(`Matrix run ${runId.slice(0, 8)}`);
        await expect(page.locator("#credit-balance").textContent()).resolves.toBe("40");
        await shot(page, "7-history");
        // My renders: the run is one line that says its cells were cancelled and refunded.
        await page.goto(`${gallery.server.baseUrl}/studio`);
        const line = page.locator(`[data-history-group="${runId}"]`);
        await expect(line.textContent()).resolves.toContain("4 images · 4 cancelled · refunded · 32 credits");
        await line.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SCREENSHOTS, `payer-${name}-9-my-renders.png`) });
        await context.close();
      },
      60_000,
    );
  });
}

test.skipIf(!browserAvailable)("no script errors on any payer page", () => {
  expect(problems).toEqual([]);
});
