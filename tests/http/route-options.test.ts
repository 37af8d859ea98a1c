// The cross-cutting route options (auth, bodyLimit, rateLimit, api): every POST route declares its body cap behind
// its sign-in gate, a signed-out page visit comes back to itself after sign-in, admin routes are a 404 to
// everyone else, and routes declare whether their errors are JSON.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Elysia, t as schema } from "elysia";
import { authPlugin } from "../../src/features/auth/plugin";
import { safeReturnPath } from "../../src/features/auth/return-path";
import { errorHandling } from "../../src/http/errors";
import { createRateLimiter } from "../../src/http/rate-limit";
import { createResponseCache } from "../../src/http/response-cache";
import { sqliteData } from "../../src/db/data";
import { setupPlugin } from "../../src/http/setup";
import { captureLogs } from "../helpers/logs";
import { signIn } from "../helpers/sign-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(() => {
  t = createTestApp();
});
afterAll(() => t.cleanup());

const FORM = { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" };

describe("route declarations", () => {
  test("every route that takes a body reads it through a declared cap, after its sign-in gate", () => {
    const posts = t.app.routes.filter((route) => ["POST", "PUT", "PATCH", "DELETE"].includes(route.method));
    expect(posts.length).toBeGreaterThanOrEqual(10);
    for (const route of posts) {
      const parse = ((route.hooks as { parse?: { fn: { name: string } }[] }).parse ?? []).map((hook) => hook.fn.name);
      expect({ route: route.path, reader: parse.at(-1) }).toEqual({ route: route.path, reader: "readCappedBody" });
      if (parse.includes("signInGate")) expect(parse.indexOf("signInGate")).toBeLessThan(parse.indexOf("readCappedBody"));
    }
  });

  test("no route does its own sign-in check or rate limiting, and the error class imports nothing", () => {
    for (const feature of ["auth", "billing", "studio", "gallery", "library", "collections", "progress", "images", "system"]) {
      const source = readFileSync(`src/features/${feature}/index.ts`, "utf8");
      expect({ feature, inline: /requireUser|limiter\.hit|redirect\("\/sign-in"/.test(source) }).toEqual({ feature, inline: false });
    }
    expect(readFileSync("src/http/http-error.ts", "utf8")).not.toMatch(/^import /m);
    expect(readFileSync("src/generation/matrix.ts", "utf8")).not.toMatch(/from "\.\.\/features\//);
  });

  test("a body its route's declared schema refuses is the server's fault: a logged 500, never a 400", async () => {
    using logs = captureLogs(/GET \/answer failed/);
    let routes: () => never = () => [] as never;
    const app = new Elysia()
      .use(errorHandling(() => routes()))
      .get("/answer", () => ({ count: "three" }) as never, { response: { 200: schema.Object({ count: schema.Number() }) } });
    routes = () => app.routes as never;
    const response = await app.handle(new Request("http://localhost/answer", { headers: { accept: "application/json" } }));
    expect(response.status).toBe(500);
    expect((await response.json()).error).toStartWith("An unexpected error occurred (request ");
    expect(logs.lines).toHaveLength(1);
  });

  test("a route that declares it answers JSON gets JSON errors without asking; a page gets HTML", async () => {
    const api = await t.request("/default?limit=abc");
    expect(api.status).toBe(400);
    expect(api.headers.get("content-type")).toBe("application/json");
    expect((await api.json()).error).toContain("limit");
    const page = await t.request("/style/x?" + "y".repeat(10), { headers: { accept: "*/*" } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toStartWith("text/html");
  });
});

describe("signed out → sign in → back where you were", () => {
  test("a page visit is sent to sign-in with its return path, and dev sign-in comes back to it", async () => {
    const visit = await t.request("/studio?style=oil%20painting");
    expect(visit.status).toBe(302);
    const location = visit.headers.get("location")!;
    expect(location).toBe("/sign-in?next=/studio?style%3Doil%2520painting");
    const next = new URL(location, "http://localhost").searchParams.get("next");
    expect(next).toBe("/studio?style=oil%20painting");

    const signInPage = await (await t.request(location)).text();
    expect(signInPage).toContain('name="next" value="/studio?style=oil%20painting"');

    const signIn = await t.request("/auth/dev", { method: "POST", headers: FORM, body: new URLSearchParams({ email: "back@example.com", next: next! }).toString() });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/studio?style=oil%20painting");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const studio = await t.request(signIn.headers.get("location")!, { headers: { cookie } });
    expect(studio.status).toBe(200);
    expect(await studio.text()).toContain("oil painting");
  });

  test.each(["//evil.example/x", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "javascript:alert(1)", "evil.example"])(
    "an unsafe return path (%p) is ignored: sign-in lands on /account",
    async (next) => {
      const page = await (await t.request(`/sign-in?next=${encodeURIComponent(next)}`)).text();
      expect(page).not.toContain('name="next"');
      const signIn = await t.request("/auth/dev", { method: "POST", headers: FORM, body: new URLSearchParams({ email: "safe@example.com", next }).toString() });
      expect(signIn.status).toBe(303);
      expect(signIn.headers.get("location")).toBe("/account");
    },
  );

  test("safeReturnPath keeps same-site paths only", () => {
    expect(safeReturnPath("/r/abc?x=1#top")).toBe("/r/abc?x=1#top");
    for (const bad of ["//evil", "/\\evil", "https://evil.example", "", "studio", "/x\u0000", "/x\ny"]) {
      expect({ bad, kept: safeReturnPath(bad) }).toEqual({ bad, kept: null });
    }
  });

  test("an API route answers 401 JSON, and a signed-out HTML form is sent to sign-in", async () => {
    const json = await t.request("/matrix", { method: "POST", headers: { origin: "http://localhost", "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(401);
    expect((await json.json()).error).toBe("Sign in to do this.");
    const form = await t.request("/matrix", { method: "POST", headers: FORM, body: "base_prompts=a" });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/sign-in");
  });
});

describe("auth: admin", () => {
  test("only is_admin users reach an admin route; everyone else gets the ordinary 404", async () => {
    const setup = setupPlugin({ config: t.config, data: sqliteData(t.sqlite), cache: createResponseCache(() => 0, { ...t.config, responseCache: false }), limiter: createRateLimiter() });
    const admin = new Elysia()
      .use(errorHandling(() => []))
      .use(authPlugin(setup, t.config))
      .get("/admin/probe", ({ user }) => ({ admin: user.email }), { auth: "admin" });
    const probe = (cookie?: string) => admin.handle(new Request("http://localhost/admin/probe", { headers: cookie ? { cookie } : {} }));
    const someone = await signIn(t, "someone@example.com");
    const boss = await signIn(t, "boss@example.com");
    t.sqlite.query("UPDATE users SET is_admin = 1 WHERE id = ?").run(boss.userId);

    for (const response of [await probe(), await probe(someone.cookie)]) {
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("We couldn’t find that page.");
    }
    const allowed = await probe(boss.cookie);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ admin: "boss@example.com" });
  });
});
