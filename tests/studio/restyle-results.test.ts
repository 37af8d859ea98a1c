// Applying a style on several models lands on one page with every result (a grid, each with its before/after);
// one model still lands on its render page; the page is its owner's alone.
import { afterAll, beforeAll, expect, test } from "bun:test";
import sharp from "sharp";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let owner: { cookie: string; userId: number };
let uploadId: string;

beforeAll(async () => {
  t = createTestApp();
  owner = await signIn(t, "restyler@example.com");
  t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 20, 'test_grant')").run(owner.userId);
  const body = new FormData();
  body.append("file", new File([await sharp({ create: { width: 320, height: 240, channels: 3, background: "#336699" } }).jpeg().toBuffer()], "me.jpg"));
  const upload = await t.request("/upload", { method: "POST", body, headers: { cookie: owner.cookie, origin: "http://localhost", accept: "application/json" } });
  uploadId = (await upload.json()).upload_id;
});
afterAll(() => t.cleanup());

/** The studio's form as a browser sends it. */
function applyStyleForm(models: string[]): Promise<Response> {
  const form = new URLSearchParams({ upload_id: uploadId, style_phrase: "pixel art", strength: "0.6" });
  for (const model of models) form.append("model_keys", model);
  return t.request("/apply-style", {
    method: "POST",
    headers: { cookie: owner.cookie, origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
}

/** Each card on the results page: its model's name, whether it shows a before/after slider, and its status text. */
function cards(html: string): { model: string; slider: boolean; text: string }[] {
  return [...html.matchAll(/<li[^>]*data-restyle-result="[^"]+"[^>]*>([\s\S]*?)<\/li>/g)].map(([, card]) => ({
    model: /<h2[^>]*>\s*([^<]*?)\s*<\/h2>/.exec(card!)![1]!,
    slider: card!.includes("data-before-after"),
    text: card!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim(),
  }));
}

test("several models: the form lands on one page showing every result, each filling in with its before/after", async () => {
  const response = await applyStyleForm(["local:paint", "local:sketch", "local:pixel"]);
  expect(response.status).toBe(303);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/studio\/restyles\?ids=[0-9a-f-]{36},[0-9a-f-]{36},[0-9a-f-]{36}$/);
  const page = await t.request(location, { headers: { cookie: owner.cookie } });
  expect(page.status).toBe(200);
  expect(page.headers.get("cache-control")).toBe("private, no-store");
  const html = await page.text();
  expect(html).toContain("Your photo in pixel art");
  expect(html).toContain("3 models · 0 of 3 finished");
  expect(cards(html).map(({ model, slider }) => ({ model, slider }))).toEqual([
    { model: "Local Paint", slider: false },
    { model: "Local Sketch", slider: false },
    { model: "Local Pixel", slider: false },
  ]);
  expect(cards(html).every((card) => card.text.includes("Queued…"))).toBe(true);

  // One finishes, one fails: the finished one shows the photo before and its result after, the failed one says so.
  const [first, second] = location.split("=")[1]!.split(",");
  t.sqlite.query("UPDATE renders SET status = 'done', image_path = '/images/2026/11/' || id || '.webp', completed_at = 1 WHERE id = ?").run(first!);
  t.sqlite.query("UPDATE renders SET status = 'failed', error = 'The model refused this photo.' WHERE id = ?").run(second!);
  const later = await (await t.request(location, { headers: { cookie: owner.cookie } })).text();
  expect(later).toContain("3 models · 1 of 3 finished");
  const [done, failed, waiting] = cards(later);
  expect(done).toMatchObject({ model: "Local Paint", slider: true });
  expect(later).toContain(`src="/uploads/${uploadId}" alt="Your photo, before"`);
  expect(later).toContain(`src="/images/2026/11/${first}.webp" alt="After: your photo in pixel art by Local Paint"`);
  expect(failed).toMatchObject({ slider: false, text: "Local Sketch Open The model refused this photo." });
  expect(waiting!.text).toContain("Queued…");
});

test("one model still lands on its render page", async () => {
  const response = await applyStyleForm(["local:paint"]);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toMatch(/^\/r\/[0-9a-f-]{36}$/);
});

test("the page is its owner's: others get a 404, bad ids a 400, signed-out visitors the sign-in page", async () => {
  const location = (await applyStyleForm(["local:paint", "local:sketch"])).headers.get("location")!;
  const stranger = await signIn(t, "stranger@example.com");
  const theirs = await t.request(location, { headers: { cookie: stranger.cookie } });
  expect(theirs.status).toBe(404);
  expect(await theirs.text()).toContain("Those results don’t exist or aren’t yours.");
  for (const bad of ["/studio/restyles?ids=", "/studio/restyles?ids=a,b,c,d,e,f,g", "/studio/restyles"]) {
    const response = await t.request(bad, { headers: { cookie: owner.cookie, accept: "application/json" } });
    expect(response.status).toBe(400);
  }
  const signedOut = await t.request(location, { redirect: "manual" });
  expect(signedOut.status).toBe(302);
  expect(signedOut.headers.get("location")).toStartWith("/sign-in?next=");
});
