// `bun run matrix`: renders every cell itself and exits 0, or with --no-wait only queues them for a running server.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { FakeOpenAI } from "../fakes/openai-server";
import { fakeProviderEnv, makeDataDir, openDataDirDatabase, readRenders, startFakeProviders, waitFor, type FakeProviders } from "../helpers/generation";
import { spawnMatrixCli, spawnServer, type SpawnedProcess } from "../helpers/processes";

let fakes: FakeProviders;
let openai: FakeOpenAI;

beforeAll(() => {
  fakes = startFakeProviders({ openai: () => ({ type: "image", delayMs: 300 }) });
  ({ openai } = fakes);
});
afterAll(() => fakes.stop());

test("without --no-wait it renders all cells, reports them and exits 0", async () => {
  const dataDir = makeDataDir();
  let cli: SpawnedProcess | undefined;
  try {
    cli = spawnMatrixCli(dataDir, ["--prompts", "a red fox,a tin robot", "--styles", "pixel art", "--styles", "watercolor", "--models", "local:sketch"]);
    expect(await cli.exited(30_000)).toBe(0);
    const output = cli.output();
    expect(output).toMatch(/Queued matrix run [0-9a-f-]{36}: 4 renders\./);
    expect(output).toContain("Done: 4 rendered, 0 failed.");

    const sqlite = openDataDirDatabase(dataDir);
    try {
      const renders = readRenders(sqlite);
      expect(renders.map((render) => [render.base_prompt, render.style_phrase, render.model_key, render.status])).toEqual([
        ["a red fox", "pixel art", "local:sketch", "done"],
        ["a red fox", "watercolor", "local:sketch", "done"],
        ["a tin robot", "pixel art", "local:sketch", "done"],
        ["a tin robot", "watercolor", "local:sketch", "done"],
      ]);
      for (const render of renders) {
        const file = join(dataDir, "images", render.image_path!.replace(/^\/images\//, ""));
        // The offline models draw 1536 px originals; the web image is capped at 768 px.
        expect(await sharp(file).metadata()).toMatchObject({ format: "webp", width: 768, height: 768 });
      }
      expect(sqlite.query("SELECT total_cells, done_cells, status FROM matrix_runs").all()).toEqual([{ total_cells: 4, done_cells: 4, status: "done" }]);
    } finally {
      sqlite.close();
    }
  } finally {
    await cli?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 45_000);

test("with --no-wait it only queues and exits 0; a running server's workers render the cells", async () => {
  openai.reset();
  const dataDir = makeDataDir();
  const sqlite = openDataDirDatabase(dataDir);
  const server = spawnServer(dataDir, { ...fakeProviderEnv({ openai }), OPENAI_API_KEY: "sk-test-server" });
  let cli: SpawnedProcess | undefined;
  try {
    await server.ready();
    // The CLI has no OpenAI key: whatever renders these cells, it is not the CLI.
    cli = spawnMatrixCli(dataDir, ["--prompts", "a red fox,a tin robot", "--styles", "pixel art,watercolor", "--models", "openai:gpt-image-2", "--no-wait"]);
    expect(await cli.exited(15_000)).toBe(0);
    const runAtExit = sqlite.query("SELECT total_cells, done_cells, status FROM matrix_runs").get() as { total_cells: number; done_cells: number; status: string };
    expect(cli.output()).toMatch(/Queued matrix run [0-9a-f-]{36}: 4 renders\./);
    expect(cli.output()).not.toContain("Done:");
    expect(runAtExit.total_cells).toBe(4);
    expect(runAtExit.done_cells).toBeLessThan(4);

    await waitFor("the server to render the queued run", () => (sqlite.query("SELECT status FROM matrix_runs").get() as { status: string }).status === "done", {
      timeoutMs: 15_000,
    });
    expect(readRenders(sqlite).map((render) => render.status)).toEqual(["done", "done", "done", "done"]);
    expect(openai.calls).toHaveLength(4);
    expect(new Set(openai.calls.map((call) => call.authorization))).toEqual(new Set(["Bearer sk-test-server"]));
  } finally {
    await cli?.kill();
    await server.kill();
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 45_000);

test("an unknown model is refused before anything is queued (exit 2, usage on stderr)", async () => {
  const dataDir = makeDataDir();
  try {
    const cli = spawnMatrixCli(dataDir, ["--prompts", "a red fox", "--styles", "pixel art", "--models", "local:sketch,acme:imagine"]);
    expect(await cli.exited(15_000)).toBe(2);
    expect(cli.output()).toContain('matrix: unknown model "acme:imagine"');
    expect(cli.output()).toContain("usage: bun run matrix");
    expect(existsSync(join(dataDir, "gallery.db"))).toBe(false);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 20_000);
