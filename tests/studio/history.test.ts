// "My renders" on /studio: one line per matrix run (its cells summarised, cancelled ones as refunded) or per
// render made on its own, newest first, ten to a page with Older/Newer links.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { planMatrixRun } from "../../src/generation/matrix";
import { createRenderQueue } from "../../src/generation/queue";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

let t: TestApp;

beforeAll(() => {
  t = createTestApp();
});
afterAll(() => t.cleanup());

function groupsOn(html: string): string[] {
  return [...html.matchAll(/data-history-group="([^"]+)"/g)].map((match) => match[1]!);
}

describe("My renders", () => {
  test("a run is one line with its cells summarised; renders on their own are a line each; ten lines a page", async () => {
    const { cookie, userId } = await signIn(t, "historian@example.com");
    const singles: string[] = [];
    for (let i = 0; i < 11; i++) singles.push(insertRender(t.sqlite, { stylePhrase: `style ${i}`, visibility: "private", userId }));
    const run = (await planMatrixRun(sqliteData(t.sqlite), {
      basePrompts: ["a", "b", "c"],
      stylePhrases: ["x", "y"],
      modelKeys: ["local:paint"],
      userId,
      visibility: "private",
      costOf: () => 1,
    }))!;
    const queue = createRenderQueue(sqliteData(t.sqlite), { concurrency: 10, maxAttempts: 3, leaseMs: 60_000, backoffBaseMs: 1, backoffMaxMs: 1 });
    (await queue.claimNext("test-worker", ["local:paint"]));
    expect((await queue.cancelRun(run.runId, userId))).toEqual({ cancelled: 5, refunded: 5 });

    const first = await (await t.request("/studio", { headers: { cookie } })).text();
    const firstGroups = groupsOn(first);
    expect(firstGroups).toHaveLength(10);
    // The run is newest and is one line, not six.
    expect(firstGroups[0]).toBe(run.runId);
    expect(first).toContain(`Matrix run ${run.runId.slice(0, 8)}`);
    expect(first).toContain("6 images · 5 cancelled · refunded · 1 in progress · 6 credits");
    expect(first).toContain('href="/studio?history_page=2#my-renders"');
    expect(first).not.toContain(">Newer<");

    const second = await (await t.request("/studio?history_page=2", { headers: { cookie } })).text();
    const secondGroups = groupsOn(second);
    expect(secondGroups).toHaveLength(2);
    expect(new Set([...firstGroups, ...secondGroups]).size).toBe(12);
    expect(secondGroups).toContain(singles[0]!);
    expect(second).toContain('href="/studio?history_page=1#my-renders"');
    expect(second).not.toContain(">Older<");

    expect((await t.request("/studio?history_page=0", { headers: { cookie } })).status).toBe(400);
    expect((await t.request("/studio?history_page=abc", { headers: { cookie } })).status).toBe(400);
  });
});
