// /docs/json describes every JSON route's answers: it passes an OpenAPI validator, each JSON route lists its success
// and error bodies, the bodies the app sends are the ones described, and TypeScript types generated from it with
// openapi-typescript type-check a small client (tests/api/openapi-client) that then runs against the app with a key.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { createApiKey } from "../../src/features/api-keys/keys";
import { REPO_ROOT } from "../helpers/processes";
import { signIn } from "../helpers/sign-in";
import { createTestApp, insertRender, type TestApp } from "../helpers/test-app";
import { sqliteData } from "../../src/db/data";

interface Operation {
  "x-answers"?: string;
  responses?: Record<string, { description: string; content?: Record<string, { schema: { type?: string; required?: string[] } }> }>;
  requestBody?: { content: Record<string, unknown> };
}
type Spec = { paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let spec: Spec;
let cookie: string;
let userId: number;
let apiKey: string;
let workDir: string;

beforeAll(async () => {
  t = createTestApp();
  ({ cookie, userId } = await signIn(t, "openapi@example.com"));
  apiKey = (await createApiKey(sqliteData(t.sqlite), userId, "client", ["read", "generate"])).key;
  insertRender(t.sqlite, { stylePhrase: "linocut", basePrompt: "a heron" });
  const answer = await t.request("/docs/json");
  expect(answer.status).toBe(200);
  spec = (await answer.json()) as Spec;
  workDir = mkdtempSync(join(tmpdir(), "gallery-openapi-"));
});
afterAll(() => {
  t.cleanup();
  rmSync(workDir, { recursive: true, force: true });
});

function jsonOperations(): [string, Operation][] {
  return Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([, operation]) => operation["x-answers"] === "json")
      .map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as [string, Operation]),
  );
}

describe("/docs/json", () => {
  test("passes an OpenAPI validator, which refuses a description with a broken part", async () => {
    await SwaggerParser.validate(structuredClone(spec) as never);
    const broken = structuredClone(spec);
    delete (broken.paths["/search"]!.get!.responses!["200"] as { description?: string }).description;
    expect(SwaggerParser.validate(broken as never)).rejects.toThrow("description");
  });

  test("every JSON route declares its success body and its errors, each error in the error policy's shape", () => {
    const operations = jsonOperations();
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const [name, operation] of operations) {
      const statuses = Object.keys(operation.responses ?? {});
      // A route only forms post to answers 303 (a redirect, no body).
      const success = statuses.find((status) => status.startsWith("2")) ?? statuses.find((status) => status === "303");
      expect({ name, success: success !== undefined, serverError: statuses.includes("500") }).toEqual({ name, success: true, serverError: true });
      for (const [status, response] of Object.entries(operation.responses!)) {
        const [mediaType, { schema }] = Object.entries(response.content ?? {})[0] ?? ["none", { schema: {} }];
        if (status === "303") {
          expect({ name, mediaType }).toEqual({ name, mediaType: "none" });
        } else if (status.startsWith("2")) {
          expect({ name, mediaType, described: schema.type !== undefined }).toEqual({ name, mediaType: name.endsWith("/events") ? "text/event-stream" : "application/json", described: true });
        } else if (!(name === "GET /health" && status === "503")) {
          // (/health's 503 keeps the health-check shape: { status: "error", database: "unreachable" }.)
          expect({ name, status, mediaType, required: schema.required }).toEqual({ name, status, mediaType: "application/json", required: expect.arrayContaining(["error", "status"]) });
        }
      }
    }
  });

  test("a JSON body a route takes is described with the media types it accepts", () => {
    const matrix = spec.paths["/matrix"]!.post!.requestBody!.content;
    expect(Object.keys(matrix)).toEqual(["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]);
    expect(matrix["application/json"]).toMatchObject({ schema: { required: ["base_prompts", "style_phrases", "model_keys"] } });
    expect(Object.keys(spec.paths["/upload"]!.post!.requestBody!.content)).toEqual(["multipart/form-data"]);
  });
});

describe("the bodies the app sends", () => {
  /** The route's declared schema for `status`, as Elysia holds it. */
  function declared(method: string, path: string, status: number): TSchema {
    const route = t.app.routes.find((candidate) => candidate.method === method && candidate.path === path);
    const schema = (route?.hooks as { response?: Record<number, TSchema> } | undefined)?.response?.[status];
    if (!schema) throw new Error(`${method} ${path} declares no ${status} body`);
    return schema;
  }

  /** Matches the schema and has nothing it leaves out (cached answers are sent as stored, unchecked by Elysia). */
  async function expectDescribed(response: Response, method: string, path: string, status: number) {
    expect(response.status).toBe(status);
    const body = await response.json();
    const schema = declared(method, path, status);
    expect([...Value.Errors(schema, body)].map((error) => `${error.path}: ${error.message}`)).toEqual([]);
    expect(Value.Clean(schema, structuredClone(body))).toEqual(body);
  }

  const withKey = (key: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...init.headers } });

  test("successes: search, styles, the default set, health, a render, a new key, a matrix run", async () => {
    await expectDescribed(await t.request("/search?q=heron", withKey(apiKey)), "GET", "/search", 200);
    await expectDescribed(await t.json("/styles"), "GET", "/styles", 200);
    await expectDescribed(await t.json("/default"), "GET", "/default", 200);
    await expectDescribed(await t.json("/health"), "GET", "/health", 200);
    const created = await t.request("/api-keys", { method: "POST", headers: { cookie, origin: "http://localhost", "content-type": "application/json" }, body: JSON.stringify({ name: "second", scopes: ["read"] }) });
    await expectDescribed(created.clone(), "POST", "/api-keys", 201);
    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 5, 'test_grant')").run(userId);
    const run = await t.request("/matrix", withKey(apiKey, { method: "POST", body: JSON.stringify({ base_prompts: ["a heron"], style_phrases: ["ink"], model_keys: ["local:paint"] }) }));
    await expectDescribed(run.clone(), "POST", "/matrix", 200);
    const { renders } = (await run.json()) as { renders: { id: string }[] };
    await expectDescribed(await t.request(`/render/${renders[0]!.id}`, withKey(apiKey)), "GET", "/render/:id", 200);
  });

  test("errors: a bad query, an unknown key, a missing scope, an unknown render, too few credits", async () => {
    await expectDescribed(await t.json("/default?limit=0"), "GET", "/default", 400);
    await expectDescribed(await t.request("/render/nope", withKey("aig_not-a-key")), "GET", "/render/:id", 401);
    const readOnly = (await createApiKey(sqliteData(t.sqlite), userId, "read only", ["read"])).key;
    const body = JSON.stringify({ base_prompts: ["a heron"], style_phrases: ["ink"], model_keys: ["local:paint"] });
    await expectDescribed(await t.request("/matrix", withKey(readOnly, { method: "POST", body })), "POST", "/matrix", 403);
    await expectDescribed(await t.request("/render/nope", withKey(apiKey)), "GET", "/render/:id", 404);
    const poor = await signIn(t, "poor@example.com");
    const poorKey = (await createApiKey(sqliteData(t.sqlite), poor.userId, "poor", ["generate"])).key;
    await expectDescribed(await t.request("/matrix", withKey(poorKey, { method: "POST", body })), "POST", "/matrix", 402);
  });
});

describe("types generated from /docs/json", () => {
  const tsc = (project: string) =>
    Bun.spawnSync([process.execPath, join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", project], { stdout: "pipe", stderr: "pipe" });

  function writeProject(dir: string, client: string) {
    writeFileSync(join(dir, "client.ts"), client);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", lib: ["ES2022", "DOM", "DOM.Iterable"], types: [], skipLibCheck: true },
        files: ["client.ts", "api.ts"],
      }),
    );
  }

  beforeAll(async () => {
    writeFileSync(join(workDir, "api.ts"), astToString(await openapiTS(spec as never)));
  });

  test("openapi-typescript's types type-check the client, and the client works against the app with an API key", async () => {
    writeProject(workDir, await Bun.file(join(REPO_ROOT, "tests/api/openapi-client/client.ts")).text());
    const checked = tsc(workDir);
    expect(checked.stdout.toString() + checked.stderr.toString()).toBe("");
    expect(checked.exitCode).toBe(0);

    t.sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason) VALUES (?, 5, 'test_grant')").run(userId);
    const { galleryClient, startAndRead } = await import(join(workDir, "client.ts"));
    const client = galleryClient("http://localhost", apiKey, (url: string, init: RequestInit) => t.app.handle(new Request(url, init)));
    const result = await startAndRead(client, "a heron at dawn", "linocut");
    expect(result.cells).toHaveLength(1);
    expect(result.cells[0]).toMatchObject({ status: "pending", prompt: "a heron at dawn, linocut", model: "Local Paint", image: "not yet" });
    expect(result.found).toContain("linocut: a heron");
    expect(result.more).toBe(false);
  }, 60_000);

  test("the same types refuse a client that misreads a body or leaves out a required field", async () => {
    const broken = join(workDir, "broken");
    mkdirSync(broken);
    copyFileSync(join(workDir, "api.ts"), join(broken, "api.ts"));
    const client = await Bun.file(join(REPO_ROOT, "tests/api/openapi-client/client.ts")).text();
    writeProject(
      broken,
      `${client}
export const misread = (render: Render): string => render.image_url;
export const unsized = (render: Render): number => render.width;
export const incomplete = (client: GalleryClient) => client.startMatrix({ base_prompts: ["a"], style_phrases: ["b"] });
`,
    );
    const checked = tsc(broken);
    const output = checked.stdout.toString();
    expect(checked.exitCode).not.toBe(0);
    expect(output).toContain("Property 'image_url' does not exist");
    expect(output).toContain("Type 'number | null' is not assignable to type 'number'");
    expect(output).toContain("Property 'model_keys' is missing");
  }, 60_000);
});
