// kill -9 mid-job: after a restart the render completes exactly once, by polling the prediction the dead process started.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { FakeReplicate } from "../fakes/replicate-server";
import { TEST_MODELS, enqueue, fakeProviderEnv, pinnedVersion, makeDataDir, openDataDirDatabase, readRender, startFakeProviders, waitFor, type FakeProviders } from "../helpers/generation";
import { spawnServer, type SpawnedServer } from "../helpers/processes";

let fakes: FakeProviders;
let replicate: FakeReplicate;

beforeAll(() => {
  // Every prediction stays "processing" until the test releases it, so the kill lands mid-job (full-size output, checked below).
  fakes = startFakeProviders({ replicate: { create: () => ({ type: "prediction", hold: true }) }, imageSize: 1024 });
  ({ replicate } = fakes);
});
afterAll(() => fakes.stop());

test("SIGKILL while a Replicate prediction runs → restart resumes it: one prediction, one done render, files present", async () => {
  const dataDir = makeDataDir();
  const sqlite = openDataDirDatabase(dataDir);
  // A short lease so the restarted process may take the dead one's job after ~1 s.
  const env = { ...fakeProviderEnv({ replicate }), LOCAL_PROVIDER: "0", GENERATION_LEASE_MS: "1000", PROVIDER_POLL_MS: "50" };
  const servers: SpawnedServer[] = [];
  try {
    const [id] = enqueue(sqlite, { basePrompts: ["a crash test dummy"], stylePhrases: ["blueprint"], modelKeys: ["replicate:black-forest-labs/flux-dev"] }).renderIds as [string];
    const first = spawnServer(dataDir, env);
    servers.push(first);
    await first.ready();

    // Mid-job: the prediction exists, the render is running and has stored the prediction id.
    const created = await waitFor("a prediction to be created", () => [...replicate.predictions.values()][0]);
    const running = await waitFor("the prediction id to be stored on the running render", () => {
      const render = readRender(sqlite, id);
      return render.status === "running" && render.provider_job_id === created.id ? render : null;
    });
    expect(running.attempts).toBe(1);
    await waitFor("the first process to poll", () => created.polls >= 1);
    first.proc.kill("SIGKILL");
    expect(await first.exited(5_000)).not.toBe(0);
    const killedAt = Date.now();
    expect(readRender(sqlite, id).status).toBe("running");

    const second = spawnServer(dataDir, env);
    servers.push(second);
    await second.ready();
    // The restarted process resumes by polling the stored prediction id; only then is the prediction let finish.
    await waitFor(
      "the restarted process to poll the same prediction",
      () => replicate.calls.some((call) => call.kind === "get" && call.predictionId === created.id && call.receivedAt > killedAt),
      { timeoutMs: 10_000 },
    );
    replicate.release(created.id);
    await waitFor("the render to finish", () => ["done", "failed"].includes(readRender(sqlite, id).status), { timeoutMs: 10_000 });
    // Give a duplicate (a second claim or prediction) time to show up before counting.
    await Bun.sleep(300);

    expect(replicate.predictionsCreated).toBe(1);
    expect(replicate.calls.filter((call) => call.kind === "create")).toHaveLength(1);
    expect(replicate.calls.filter((call) => call.kind === "download")).toHaveLength(1);
    const render = readRender(sqlite, id);
    expect(render).toMatchObject({ status: "done", attempts: 2, provider_job_id: created.id, width: 768, height: 768, error: null });
    expect(JSON.parse(render.render_metadata!)).toMatchObject({
      provider: "replicate",
      model: "black-forest-labs/flux-dev",
      prediction_id: created.id,
      version: pinnedVersion(TEST_MODELS.fluxDev),
    });
    expect(sqlite.query("SELECT count(*) AS n FROM renders WHERE status = 'done'").get()).toEqual({ n: 1 });

    const imagesDir = join(dataDir, "images");
    const file = join(imagesDir, render.image_path!.replace(/^\/images\//, ""));
    expect(await sharp(file).metadata()).toMatchObject({ format: "webp", width: 768, height: 768 });
    expect(existsSync(join(imagesDir, render.thumb_path!.replace(/^\/images\//, "")))).toBe(true);
    // What a visitor gets from the restarted server.
    const api = await fetch(`${second.baseUrl}/render/${id}`, { headers: { accept: "application/json" } });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ id, status: "done", image_path: render.image_path });
    const image = await fetch(`${second.baseUrl}${render.image_path}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/webp");

    second.proc.kill("SIGTERM");
    expect(await second.exited(10_000)).toBe(0);
  } finally {
    await Promise.all(servers.map((server) => server.kill()));
    sqlite.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 45_000);
