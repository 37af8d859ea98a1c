// Which requests a cached page answers before routing (src/http/early-cache-hits.ts) and which the app must route:
// anything that could make the app answer otherwise — a session, an API key, a JSON preference on `/`, another
// method, a parameter the route ignores, a route that checks its render on every request. The app logs every
// request it routes and an early hit writes no line, so the log tells which path answered.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { captureLogs } from "../helpers/logs";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let origin: string;
let renderId: string;

beforeAll(() => {
  t = createTestApp();
  for (const basePrompt of ["a red fox", "a lighthouse", "a robot", "a bowl of fruit"]) {
    renderId = insertRender(t.sqlite, { basePrompt, stylePhrase: "oil painting" });
  }
  origin = `http://127.0.0.1:${t.listen().port}`;
});
afterAll(async () => {
  await t.app.stop(true);
  t.cleanup();
});

/** Sends each request in turn; says for each whether the app routed it (logged it) and what came back. */
async function answered(requests: [path: string, init?: RequestInit][]) {
  using logs = captureLogs(/^request$/);
  const answers = [];
  for (const [path, init] of requests) {
    const response = await fetch(`${origin}${path}`, { redirect: "manual", ...init });
    answers.push({ path, status: response.status, type: response.headers.get("content-type"), body: await response.text(), id: response.headers.get("x-request-id") });
  }
  // A routed request last: once its line is written, every routed request before it has been logged too.
  const sentinel = (await fetch(`${origin}/health`)).headers.get("x-request-id");
  const ids = () => logs.entries.map((entry) => entry.fields?.id);
  for (let i = 0; i < 100 && !ids().includes(sentinel!); i++) await Bun.sleep(5);
  expect(ids()).toContain(sentinel);
  return answers.map(({ id, ...answer }) => ({ ...answer, routed: ids().includes(id!) }));
}

describe("early cache hits", () => {
  test("a plain visit to a cached page is answered early once the page is cached", async () => {
    const [first, second, third] = await answered([["/style/oil-painting"], ["/style/oil-painting"], ["/styles"]]);
    expect(first!.routed).toBe(true);
    expect(first!.status).toBe(200);
    expect({ ...second, routed: false }).toEqual({ ...first!, routed: false });
    expect(second!.routed).toBe(false);
    expect(third!.status).toBe(200);
  });

  test("a client that prefers JSON on `/` gets the API description from the app, not the cached page", async () => {
    await answered([["/"]]);
    const [page, json] = await answered([["/"], ["/", { headers: { accept: "application/json" } }]]);
    expect({ routed: page!.routed, type: page!.type }).toEqual({ routed: false, type: "text/html; charset=utf-8" });
    expect({ routed: json!.routed, status: json!.status, type: json!.type }).toEqual({ routed: true, status: 200, type: "application/json;charset=utf-8" });
    expect(JSON.parse(json!.body).name).toBe("AI Gallery");
  });

  test("a signed-in visitor, an API key, HEAD, POST and an ignored parameter go through the app", async () => {
    const { cookie } = await signIn(t, "visitor@example.com");
    const page = "/style/oil-painting";
    const [search, plain, signedIn, badKey, head, post, utm] = await answered([
      ["/search?q=fox"],
      [page],
      [page, { headers: { cookie } }],
      ["/search?q=fox", { headers: { authorization: "Bearer aig_not-a-key" } }],
      [page, { method: "HEAD" }],
      [page, { method: "POST" }],
      [`${page}?utm_source=newsletter`],
    ]);
    expect(plain!.routed).toBe(false);
    expect({ routed: signedIn!.routed, status: signedIn!.status, same: signedIn!.body === plain!.body }).toEqual({ routed: true, status: 200, same: true });
    // Refused by the app's first hook (which writes no request line), where an early hit would have answered 200.
    expect({ search: search!.status, badKey: badKey!.status }).toEqual({ search: 200, badKey: 401 });
    expect({ routed: head!.routed, body: head!.body }).toEqual({ routed: true, body: "" });
    // A POST without this site's Origin, refused by the app's cross-site check before any route.
    expect(post!.status).toBe(403);
    expect({ routed: utm!.routed, status: utm!.status, same: utm!.body === plain!.body }).toEqual({ routed: true, status: 200, same: true });
  });

  test("a render page is cached but always routed: the app checks on every request that the render is still public", async () => {
    const [first, second] = await answered([[`/r/${renderId}`], [`/r/${renderId}`]]);
    expect(first!.status).toBe(200);
    expect(first!.body).toContain("a bowl of fruit");
    expect({ routed: second!.routed, same: second!.body === first!.body }).toEqual({ routed: true, same: true });
  });

  test("with the response cache off nothing is answered early", async () => {
    const uncached = createTestApp({ RESPONSE_CACHE: "0" });
    try {
      insertRender(uncached.sqlite, { stylePhrase: "oil painting" });
      const base = `http://127.0.0.1:${uncached.listen().port}`;
      using logs = captureLogs(/^request$/);
      const ids = [];
      for (let i = 0; i < 2; i++) ids.push((await fetch(`${base}/style/oil-painting`)).headers.get("x-request-id"));
      const logged = () => logs.entries.map((entry) => entry.fields?.id);
      for (let i = 0; i < 100 && !ids.every((id) => logged().includes(id!)); i++) await Bun.sleep(5);
      expect(ids.filter((id) => logged().includes(id!))).toEqual(ids);
    } finally {
      await uncached.app.stop(true);
      uncached.cleanup();
    }
  });
});
