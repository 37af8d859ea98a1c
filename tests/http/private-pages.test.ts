// Pages rendered for one viewer (through @elysiajs/html): HTML, never stored, with the same security headers as the rest.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { CONTENT_SECURITY_POLICY } from "../../src/http/security-headers";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";

let t: TestApp;
let cookie: string;
const runId = crypto.randomUUID();
let privateRender = "";

beforeAll(async () => {
  t = createTestApp();
  const user = await signIn(t, "pages@example.com");
  cookie = user.cookie;
  t.sqlite
    .query(
      `INSERT INTO matrix_runs (id, user_id, base_prompts, style_phrases, model_keys, total_cells, done_cells, failed_cells, visibility, status)
       VALUES (?, ?, '["a red fox"]', '["ink wash"]', '["local:paint"]', 1, 1, 0, 'private', 'done')`,
    )
    .run(runId, user.userId);
  privateRender = insertRender(t.sqlite, { userId: user.userId, stylePhrase: "ink wash", visibility: "private" });
  t.sqlite.query("UPDATE renders SET matrix_run_id = ? WHERE id = ?").run(runId, privateRender);
});
afterAll(() => t.cleanup());

test("studio, a run, the account and a private render: HTML for this viewer only, with the security headers", async () => {
  for (const path of ["/studio", `/studio/runs/${runId}`, "/account", `/r/${privateRender}`]) {
    const response = await t.request(path, { headers: { cookie } });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get("etag")).toBeNull();
    expect(await response.text()).toStartWith("<!doctype html><html");
  }
});

test("signed out, the same paths do not render anyone's page", async () => {
  for (const path of ["/studio", `/studio/runs/${runId}`, "/account", `/r/${privateRender}`]) {
    const response = await t.request(path);
    expect([302, 303, 404]).toContain(response.status);
    expect(await response.text()).not.toContain("pages@example.com");
  }
});
