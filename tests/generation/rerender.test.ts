// Re-rendering a cell: a new version linked to the one before, never an overwrite; the gallery shows the latest,
// /r/:id lists every version and links any two to /compare's slider; `bun run rerender` drives it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { planMatrixRun } from "../../src/generation/matrix";
import { planRerender } from "../../src/generation/rerender";
import { createTestEngine, makeDataDir, openDataDirDatabase, readRenders, startFakeProviders, type TestEngine } from "../helpers/generation";
import { spawnMatrixCli, spawnRerenderCli } from "../helpers/processes";
import { sqliteData } from "../../src/db/data";

const STYLE = "quillwork embroidery";
const PROMPT = "a heron in reeds";
const MODEL = "local:sketch";

let engine: TestEngine;
let v1: string;
let v2: string;

beforeAll(async () => {
  engine = createTestEngine();
  engine.start();
  v1 = (await planMatrixRun(sqliteData(engine.sqlite), { basePrompts: [PROMPT], stylePhrases: [STYLE], modelKeys: [MODEL] }))!.renderIds[0]!;
  await engine.waitForStatus([v1], ["done"]);
  const rerun = await planRerender(sqliteData(engine.sqlite), { stylePhrases: [STYLE], modelKey: MODEL });
  expect(rerun?.renderIds).toHaveLength(1);
  v2 = rerun!.renderIds[0]!;
  await engine.waitForStatus([v2], ["done"]);
}, 30_000);
afterAll(() => engine.stop());

async function json(path: string) {
  const response = await engine.json(path);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function page(path: string): Promise<string> {
  const response = await engine.request(path);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/html");
  return response.text();
}

describe("re-render", () => {
  test("creates version 2 of the cell, linked to version 1; both stay reachable with their own image", async () => {
    const first = await json(`/render/${v1}`);
    const second = await json(`/render/${v2}`);
    expect(first).toMatchObject({ id: v1, version: 1, previous_version_id: null, status: "done", base_prompt: PROMPT, style_phrase: STYLE, model_key: MODEL });
    expect(second).toMatchObject({ id: v2, version: 2, previous_version_id: v1, status: "done", base_prompt: PROMPT, style_phrase: STYLE, model_key: MODEL });
    expect(second.image_path).not.toBe(first.image_path);
    for (const path of [first.image_path, second.image_path]) expect((await engine.request(String(path))).status).toBe(200);
    expect(await page(`/r/${v1}`)).toContain(String(first.image_path));
  });

  test("the style page and search show version 2 only", async () => {
    const style = await page(`/style/${encodeURIComponent(String((await json(`/render/${v2}`)).style_slug))}`);
    expect(style).toContain(`/r/${v2}`);
    expect(style).not.toContain(`/r/${v1}`);
    const search = await json(`/search?q=${encodeURIComponent("quillwork heron")}`);
    const ids = (search.results as { id: string }[]).map((render) => render.id);
    expect(ids).toEqual([v2]);
    expect(search.total).toBe(1);
  });

  test("/r/:id of version 2 lists both versions with dates and links to /compare, older on the left, which shows the slider", async () => {
    const html = await page(`/r/${v2}`);
    const versions = html.slice(html.indexOf("data-versions"));
    expect(versions).toContain(`href="/r/${v1}"`);
    expect(versions).toMatch(/Version 1<\/a>\s*<time datetime="[^"]+"/);
    expect(versions).toContain("Version 2 (this one)");
    expect(versions).toContain(`href="/compare?a=${v1}&b=${v2}"`);
    expect(html.slice(html.indexOf("data-compare-previous") - 200)).toContain(`href="/compare?a=${v1}&b=${v2}" class="text-amber-300 hover:underline" data-compare-previous`);
    expect(html).not.toContain("data-before-after");

    const compared = await page(`/compare?a=${v1}&b=${v2}`);
    const slider = compared.slice(compared.indexOf("data-before-after"), compared.indexOf("data-before-after-range"));
    const [before, after] = [String((await json(`/render/${v1}`)).image_path), String((await json(`/render/${v2}`)).image_path)];
    expect(slider).toContain(`src="${before}"`);
    expect(slider).toContain(`src="${after}"`);
    expect(slider.indexOf(before)).toBeLessThan(slider.indexOf(after));
    expect(compared).toContain("Split between version 1 (left) and version 2 (right)");
    expect(compared).not.toMatch(/<script(?![^>]*\b(src|type="application\/json")\b)[^>]*>/);
    // Version 1's page offers the same comparison from the other side, still older on the left.
    expect(await page(`/r/${v1}`)).toContain(`href="/compare?a=${v1}&b=${v2}"`);
    // Its chooser lists the other version.
    expect(await page(`/compare?a=${v2}`)).toContain(`href="/compare?a=${v2}&b=${v1}"`);
  });

  test("old ?compare= links redirect to /compare, which refuses a stranger's prompt (400) and an unknown id (404)", async () => {
    const redirected = await engine.request(`/r/${v2}?compare=${v1}`);
    expect(redirected.status).toBe(301);
    expect(redirected.headers.get("location")).toBe(`/compare?a=${v1}&b=${v2}`);
    const stranger = (await planMatrixRun(sqliteData(engine.sqlite), { basePrompts: ["a lone kettle"], stylePhrases: [STYLE], modelKeys: [MODEL] }))!.renderIds[0]!;
    await engine.waitForStatus([stranger], ["done"]);
    const otherPrompt = await engine.request(`/compare?a=${stranger}&b=${v2}`);
    expect(otherPrompt.status).toBe(400);
    expect(await otherPrompt.text()).toContain("Compare renders of the same prompt");
    expect((await engine.request(`/compare?a=not-a-render&b=${v2}`)).status).toBe(404);
    expect((await engine.request(`/r/${v2}?utm_source=newsletter`)).status).toBe(200);
  }, 20_000);
});

test("`bun run rerender` makes version 2 of each cell with a progress bar; --no-wait only queues; nothing matching exits 1", async () => {
  const dataDir = makeDataDir();
  // The CLIs run with the network guard's environment, as every spawned process in the suite does.
  const fakes = startFakeProviders();
  try {
    const matrix = spawnMatrixCli(dataDir, ["--prompts", "a red fox,a tin robot", "--styles", "pixel art", "--models", "local:sketch"]);
    expect(await matrix.exited(30_000)).toBe(0);
    const cli = spawnRerenderCli(dataDir, ["--style", "pixel art", "--model", "local:sketch", "--prompt", "a red fox"]);
    expect(await cli.exited(30_000)).toBe(0);
    expect(cli.output()).toMatch(/Queued re-render [0-9a-f-]{36}: 1 new versions\./);
    expect(cli.output()).toContain("Re-rendering");
    expect(cli.output()).toContain("Done: 1 rendered, 0 failed.");

    const queued = spawnRerenderCli(dataDir, ["--style", "pixel art", "--model", "local:sketch", "--no-wait"]);
    expect(await queued.exited(30_000)).toBe(0);
    expect(queued.output()).toContain(": 2 new versions.");

    const sqlite = openDataDirDatabase(dataDir);
    try {
      const rows = sqlite
        .query("SELECT base_prompt, version, status, previous_version_id IS NOT NULL AS linked FROM renders ORDER BY base_prompt, version, seq")
        .all();
      expect(rows).toEqual([
        { base_prompt: "a red fox", version: 1, status: "done", linked: 0 },
        { base_prompt: "a red fox", version: 2, status: "done", linked: 1 },
        { base_prompt: "a red fox", version: 3, status: "pending", linked: 1 },
        { base_prompt: "a tin robot", version: 1, status: "done", linked: 0 },
        { base_prompt: "a tin robot", version: 2, status: "pending", linked: 1 },
      ]);
      expect(readRenders(sqlite).filter((render) => render.status === "done")).toHaveLength(3);
    } finally {
      sqlite.close();
    }

    const nothing = spawnRerenderCli(dataDir, ["--style", "no such style", "--model", "local:sketch", "--no-wait"]);
    expect(await nothing.exited(30_000)).toBe(1);
    expect(nothing.output()).toContain("no current public renders");
    const bad = spawnRerenderCli(dataDir, ["--style", "pixel art", "--model", "openai:dall-e-3"]);
    expect(await bad.exited(30_000)).toBe(2);
  } finally {
    await fakes.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
