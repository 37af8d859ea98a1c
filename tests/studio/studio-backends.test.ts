// The studio on both databases: an upload accepted and kept private, a restyle and a matrix run that debit once and
// queue their renders in the same transaction, and too few credits leaving nothing written; through the real
// functions on bun:sqlite and on a real PostgreSQL.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { loadConfig, type Config } from "../../src/config";
import type { Data } from "../../src/db/data";
import { creditBalance } from "../../src/features/billing/ledger";
import { applyStyle, startMatrixRun } from "../../src/features/studio/service";
import { sweepUnusedUploads } from "../../src/features/studio/upload-sweep";
import { findOwnUpload, storeUpload } from "../../src/features/studio/uploads";
import { forEachBackend } from "../helpers/backends";

let dataDir: string;
let config: Config;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "studio-backends-"));
  config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let people = 0;
let colours = 0;

async function newUser(data: Data, credits = 0): Promise<number> {
  const { users, creditLedger } = data.tables;
  const n = ++people;
  const [user] = await data.db.insert(users).values({ googleSub: `studio-${n}`, email: `studio-${n}@example.com` }).returning({ id: users.id });
  if (credits) await data.db.insert(creditLedger).values({ userId: user!.id, delta: credits, reason: "test_grant" });
  return user!.id;
}

function photo(): Promise<Buffer> {
  const n = ++colours;
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (n * 37) % 256, g: (n * 71) % 256, b: (n * 13) % 256 } } })
    .jpeg()
    .toBuffer();
}

async function uploadFor(data: Data, userId: number) {
  const stored = await storeUpload(data, config, userId, new Uint8Array(await photo()));
  return (await findOwnUpload(data, userId, stored.upload_id))!;
}

function rendersOf(data: Data, userId: number) {
  const { renders } = data.tables;
  return data.db
    .select({ id: renders.id, status: renders.status, visibility: renders.visibility, uploadId: renders.uploadId, modelKey: renders.modelKey, matrixRunId: renders.matrixRunId })
    .from(renders)
    .where(eq(renders.userId, userId));
}

function debitsOf(data: Data, userId: number) {
  const { creditLedger } = data.tables;
  return data.db
    .select({ delta: creditLedger.delta, reason: creditLedger.reason, renderId: creditLedger.renderId, matrixRunId: creditLedger.matrixRunId })
    .from(creditLedger)
    .where(eq(creditLedger.userId, userId))
    .orderBy(creditLedger.id);
}

forEachBackend("the studio", (backend) => {
  test("an upload is accepted, private to its owner, and the same photo again is the same upload", async () => {
    const owner = await newUser(backend.data);
    const stranger = await newUser(backend.data);
    const bytes = new Uint8Array(await photo());
    const stored = await storeUpload(backend.data, config, owner, bytes);
    expect([typeof stored.upload_id, stored.width, stored.height]).toEqual(["string", 64, 48]);
    expect(await findOwnUpload(backend.data, owner, stored.upload_id)).toMatchObject({ id: stored.upload_id, user_id: owner, width: 64, height: 48 });
    expect(await findOwnUpload(backend.data, stranger, stored.upload_id)).toBeNull();
    expect(await storeUpload(backend.data, config, owner, bytes)).toEqual(stored);
    await expect(storeUpload(backend.data, config, owner, new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ status: 415 });
  });

  test("a full quota refuses the next upload with 403 and stores nothing", async () => {
    const owner = await newUser(backend.data);
    const tight = { ...config, uploads: { ...config.uploads, quotaCount: 1 } };
    await storeUpload(backend.data, tight, owner, new Uint8Array(await photo()));
    await expect(storeUpload(backend.data, tight, owner, new Uint8Array(await photo()))).rejects.toMatchObject({ status: 403 });
    const { uploads } = backend.data.tables;
    expect(await backend.data.db.select({ id: uploads.id }).from(uploads).where(eq(uploads.userId, owner))).toHaveLength(1);
  });

  test("a restyle on two models debits once and queues a private pending render per model", async () => {
    const userId = await newUser(backend.data, 10);
    const upload = await uploadFor(backend.data, userId);
    const result = await applyStyle(backend.data, config, userId, { upload, stylePhrase: "  Ink  wash ", modelKeys: ["local:paint", "local:sketch"], strength: 0.6 });
    expect(result).toMatchObject({ cost: 2, credits: 8 });
    expect(result.renders.map((render) => render.model_key).sort()).toEqual(["local:paint", "local:sketch"]);
    const queued = await rendersOf(backend.data, userId);
    expect(queued.map((render) => render.id).sort()).toEqual(result.renders.map((render) => render.id).sort());
    for (const render of queued) expect(render).toMatchObject({ status: "pending", visibility: "private", uploadId: upload.id, matrixRunId: null });
    expect(await debitsOf(backend.data, userId)).toEqual([
      { delta: 10, reason: "test_grant", renderId: null, matrixRunId: null },
      { delta: -2, reason: "apply_style", renderId: result.renders[0]!.id, matrixRunId: null },
    ]);
    expect(await creditBalance(backend.data, userId)).toBe(8);
  });

  test("a restyle with too few credits is a 402 that leaves no render and no debit", async () => {
    const userId = await newUser(backend.data, 1);
    const upload = await uploadFor(backend.data, userId);
    const refused = applyStyle(backend.data, config, userId, { upload, stylePhrase: "ink", modelKeys: ["local:paint", "local:sketch"], strength: 0.6 });
    await expect(refused).rejects.toMatchObject({ status: 402, details: { balance: 1, cost: 2 } });
    expect(await rendersOf(backend.data, userId)).toEqual([]);
    expect(await debitsOf(backend.data, userId)).toEqual([{ delta: 1, reason: "test_grant", renderId: null, matrixRunId: null }]);
  });

  test("a matrix run debits once for every cell and plans one pending render per cell", async () => {
    const userId = await newUser(backend.data, 20);
    const run = await startMatrixRun(backend.data, config, userId, {
      basePrompts: ["a lighthouse", "a fox"],
      stylePhrases: ["ink", "pastel", "ink"],
      modelKeys: ["local:paint", "local:pixel"],
      visibility: "private",
    });
    expect(run).toMatchObject({ cost: 8, credits: 12 });
    expect(run.renders).toHaveLength(8);
    const queued = await rendersOf(backend.data, userId);
    expect(queued).toHaveLength(8);
    for (const render of queued) expect(render).toMatchObject({ status: "pending", visibility: "private", matrixRunId: run.matrix_run_id });
    const { matrixRuns } = backend.data.tables;
    expect(await backend.data.db.select({ totalCells: matrixRuns.totalCells, costCredits: matrixRuns.costCredits }).from(matrixRuns).where(eq(matrixRuns.id, run.matrix_run_id))).toEqual([
      { totalCells: 8, costCredits: 8 },
    ]);
    expect((await debitsOf(backend.data, userId)).filter((row) => row.delta < 0)).toEqual([{ delta: -8, reason: "matrix_run", renderId: null, matrixRunId: run.matrix_run_id }]);
  });

  test("a matrix run with too few credits is a 402 that leaves no run, no render and no debit", async () => {
    const userId = await newUser(backend.data, 3);
    const refused = startMatrixRun(backend.data, config, userId, { basePrompts: ["a fox"], stylePhrases: ["ink", "pastel"], modelKeys: ["local:paint", "local:sketch"], visibility: "public" });
    await expect(refused).rejects.toMatchObject({ status: 402 });
    const { matrixRuns } = backend.data.tables;
    expect(await backend.data.db.select({ id: matrixRuns.id }).from(matrixRuns).where(eq(matrixRuns.userId, userId))).toEqual([]);
    expect(await rendersOf(backend.data, userId)).toEqual([]);
    expect(await creditBalance(backend.data, userId)).toBe(3);
  });

  test("the sweep deletes old uploads no render uses and keeps the used ones", async () => {
    const userId = await newUser(backend.data, 5);
    const used = await uploadFor(backend.data, userId);
    const unused = await uploadFor(backend.data, userId);
    await applyStyle(backend.data, config, userId, { upload: used, stylePhrase: "ink", modelKeys: ["local:paint"], strength: 0.6 });
    const later = Date.now() + config.uploads.unusedMaxAgeMs + 60_000;
    expect(await sweepUnusedUploads(backend.data, config, later)).toBeGreaterThanOrEqual(1);
    expect(await findOwnUpload(backend.data, userId, unused.id)).toBeNull();
    expect(await findOwnUpload(backend.data, userId, used.id)).not.toBeNull();
  });
});
