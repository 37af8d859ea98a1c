// The style catalogue speaks with public renders only: a private run's wording of a style never becomes the
// public listing's text, on /styles, the explore and home pages, or search, even when it was written first.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;

beforeAll(() => {
  t = createTestApp();
});
afterAll(() => t.cleanup());

async function publicStyle(slug: string) {
  const { styles } = (await (await t.request("/styles")).json()) as { styles: { phrase: string; slug: string; count: number }[] };
  return styles.find((style) => style.slug === slug);
}

describe("a style's public label", () => {
  test("a private run's wording written first never shows; the first public render's spelling does", async () => {
    const { cookie, userId } = await signIn(t, "secretive@example.com");
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 10, 'test_grant')").run(userId);
    const run = await t.request("/matrix", {
      method: "POST",
      headers: { cookie, origin: "http://localhost", "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ base_prompts: ["a lighthouse"], style_phrases: ["secret style"], model_keys: ["local:paint"], visibility: "private" }),
    });
    expect(run.status).toBe(200);
    expect(await publicStyle("secret-style")).toBeUndefined();

    insertRender(t.sqlite, { stylePhrase: "SECRET-STYLE!!!", basePrompt: "a red fox" });
    expect(await publicStyle("secret-style")).toEqual({ phrase: "SECRET-STYLE!!!", slug: "secret-style", count: 1 });
    const explore = await (await t.request("/explore?q=secret")).text();
    expect(explore).toContain("SECRET-STYLE!!!");
    expect(explore).not.toContain("secret style");
    expect(await (await t.request("/")).text()).not.toContain("secret style");
    const search = (await (await t.json("/search?q=secret")).json()) as { total: number; results: { style_phrase: string }[] };
    expect(search.total).toBe(1);
    expect(search.results.map((render) => render.style_phrase)).toEqual(["SECRET-STYLE!!!"]);

    // The private render finishing changes nothing public.
    t.sqlite.query("UPDATE renders SET status = 'done' WHERE user_id = ?").run(userId);
    expect(await publicStyle("secret-style")).toEqual({ phrase: "SECRET-STYLE!!!", slug: "secret-style", count: 1 });
  });

  test("later public spellings don't relabel it; unpublishing the render whose spelling it shows falls back to the next public one", async () => {
    const first = insertRender(t.sqlite, { stylePhrase: "Ink Wash", basePrompt: "a red fox" });
    insertRender(t.sqlite, { stylePhrase: "ink-wash", basePrompt: "a tin robot" });
    insertRender(t.sqlite, { stylePhrase: "INK WASH", basePrompt: "a lighthouse", visibility: "private" });
    expect(await publicStyle("ink-wash")).toEqual({ phrase: "Ink Wash", slug: "ink-wash", count: 2 });
    t.sqlite.query("UPDATE renders SET nsfw = 1 WHERE id = ?").run(first);
    expect(await publicStyle("ink-wash")).toEqual({ phrase: "ink-wash", slug: "ink-wash", count: 1 });
    expect(await (await t.request("/explore?q=ink")).text()).not.toContain("Ink Wash");
  });

  test("a style whose last public render goes away, then is published again privately-first, takes the new public spelling", async () => {
    const only = insertRender(t.sqlite, { stylePhrase: "Pastel Dream", basePrompt: "a red fox" });
    t.sqlite.query("DELETE FROM renders WHERE id = ?").run(only);
    expect(await publicStyle("pastel-dream")).toBeUndefined();
    const later = insertRender(t.sqlite, { stylePhrase: "pastel dream", basePrompt: "a tin robot", visibility: "private" });
    t.sqlite.query("UPDATE renders SET visibility = 'public' WHERE id = ?").run(later);
    expect(await publicStyle("pastel-dream")).toEqual({ phrase: "pastel dream", slug: "pastel-dream", count: 1 });
  });
});
