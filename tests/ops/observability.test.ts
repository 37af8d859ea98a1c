// What runs can be seen: one structured log line per request and per job transition, and /metrics for admins.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { formatEntry, logFormatFrom } from "../../src/log";
import { enqueue, startGenerationHarness, waitFor, type GenerationHarness } from "../helpers/generation";
import { captureLogs } from "../helpers/logs";
import { signIn } from "../helpers/sign-in";

let harness: GenerationHarness;
beforeAll(() => {
  harness = startGenerationHarness({ env: { GENERATION_MAX_ATTEMPTS: "3", GENERATION_BACKOFF_BASE_MS: "50" } });
});
afterAll(() => harness.stop());

/** Parses the Prometheus text exposition: `name{labels} value` lines, comments skipped. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

describe("request log", () => {
  test("a request logs its id, method, route pattern, status, duration and signed-in user", async () => {
    const t = harness.engine;
    const { cookie, userId } = await signIn(t, "logged@example.com");
    using logs = captureLogs(/^request$/);
    const response = await t.request("/me", { headers: { cookie, accept: "application/json" } });
    const missing = await t.request("/no/such/page/here");
    expect(response.status).toBe(200);
    expect(missing.status).toBe(404);
    // The line is written after the response has gone out.
    const lineFor = (answer: Response) => logs.entries.find((entry) => entry.fields?.id === answer.headers.get("x-request-id"))?.fields;
    await waitFor("both request lines", () => lineFor(response) && lineFor(missing));

    expect(lineFor(response)).toMatchObject({ method: "GET", route: "/me", status: 200, user: userId });
    expect(lineFor(response)!.ms).toBeNumber();
    expect(lineFor(missing)).toMatchObject({ method: "GET", route: "unmatched", status: 404, user: undefined });
  });

  test("JSON in production, one short text line in development, LOG_FORMAT overriding either", () => {
    expect(logFormatFrom({ NODE_ENV: "production" })).toBe("json");
    expect(logFormatFrom({ NODE_ENV: "development" })).toBe("text");
    expect(logFormatFrom({ NODE_ENV: "production", LOG_FORMAT: "text" })).toBe("text");
    const entry = { level: "info" as const, message: "request", fields: { method: "GET", route: "/r/:id", status: 200, ms: 3.2, user: undefined } };
    const at = new Date("2026-01-02T03:04:05.678Z");
    expect(JSON.parse(formatEntry(entry, "json", at))).toEqual({ time: at.toISOString(), level: "info", msg: "request", method: "GET", route: "/r/:id", status: 200, ms: 3.2 });
    expect(formatEntry(entry, "text", at)).toBe("03:04:05 request method=GET route=/r/:id status=200 ms=3.2");
  });
});

describe("job log", () => {
  test("a job that fails once then succeeds logs claimed, retried (with the reason), claimed, done (with provider time)", async () => {
    const { engine, openai } = harness;
    let calls = 0;
    openai.setBehaviour(() => (++calls === 1 ? { type: "server-error" } : { type: "image" }));
    using logs = captureLogs(/^job /);
    const id = enqueue(engine.sqlite, { basePrompts: ["a logged lighthouse"], stylePhrases: ["ink"], modelKeys: ["openai:gpt-image-2"] }).renderIds[0]!;
    engine.pool.wake();
    await engine.waitForStatus([id], ["done", "failed"]);

    const mine = logs.entries.filter((entry) => entry.fields?.render === id);
    expect(mine.map((entry) => entry.message)).toEqual(["job claimed", "job retried", "job claimed", "job done"]);
    expect(mine[0]!.fields).toMatchObject({ model: "openai:gpt-image-2", attempt: 1 });
    expect(mine[1]!.fields!.error).toBeString();
    expect(mine[1]!.fields!.provider_ms).toBeNumber();
    expect(mine[3]!.fields).toMatchObject({ attempt: 2 });
    expect(mine[3]!.fields!.provider_ms).toBeNumber();
  }, 20_000);
});

describe("/metrics", () => {
  test("admins read counters that move with requests and jobs; anyone else gets the ordinary 404", async () => {
    const t = harness.engine;
    const someone = await signIn(t, "someone-metrics@example.com");
    const admin = await signIn(t, "admin-metrics@example.com");
    t.sqlite.query("UPDATE users SET is_admin = 1 WHERE id = ?").run(admin.userId);
    expect((await t.request("/metrics")).status).toBe(404);
    expect((await t.request("/metrics", { headers: { cookie: someone.cookie } })).status).toBe(404);

    const scrape = async () => {
      const response = await t.request("/metrics", { headers: { cookie: admin.cookie } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
      return parseExposition(await response.text());
    };
    const before = await scrape();
    const healthKey = 'gallery_http_requests_total{method="GET",route="/health",status="200"}';
    const callsKey = 'gallery_provider_calls_total{model="openai:gpt-image-2"}';
    const errorsKey = 'gallery_provider_errors_total{model="openai:gpt-image-2"}';

    await t.request("/health");
    await t.request("/health");
    harness.openai.setBehaviour(() => ({ type: "content-policy" }));
    const id = enqueue(t.sqlite, { basePrompts: ["a counted failure"], stylePhrases: ["ink"], modelKeys: ["openai:gpt-image-2"] }).renderIds[0]!;
    t.pool.wake();
    await t.waitForStatus([id], ["failed"]);
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason, render_id) VALUES (?, 7, 'render_refund', 'r-metrics')").run(someone.userId);

    const after = await scrape();
    expect(after.get(healthKey)! - (before.get(healthKey) ?? 0)).toBe(2);
    expect(after.get(callsKey)! - (before.get(callsKey) ?? 0)).toBe(1);
    expect(after.get(errorsKey)! - (before.get(errorsKey) ?? 0)).toBe(1);
    expect(after.get("gallery_credits_refunded_total")! - before.get("gallery_credits_refunded_total")!).toBe(7);
    expect(after.get("gallery_http_request_duration_seconds_count")!).toBeGreaterThan(before.get("gallery_http_request_duration_seconds_count")!);
    expect(after.get('gallery_http_request_duration_seconds_bucket{le="+Inf"}')).toBe(after.get("gallery_http_request_duration_seconds_count"));
    expect(after.has("gallery_queue_pending")).toBe(true);
    expect(after.has("gallery_queue_running")).toBe(true);
    expect(after.has("gallery_credits_sold_total")).toBe(true);
  }, 20_000);
});
