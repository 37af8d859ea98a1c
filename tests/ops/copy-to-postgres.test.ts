// `bun run db:copy-to-postgres`: a SQLite gallery moves onto an empty PostgreSQL database with every row and value
// intact (flags, JSON, blobs, times, the gallery's positions and version), ids continue after the copied ones, and a
// second copy into the now non-empty database is refused without touching it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { asc, eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { drizzleFor, openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import * as pgTables from "../../src/db/schema-pg";
import * as sqliteTables from "../../src/db/schema";
import { insertRender } from "../helpers/test-app";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";
import { spawnProcess } from "../helpers/processes";
import { installNetworkGuard, type NetworkGuard } from "../helpers/network-guard";

describe.skipIf(skipWithoutPostgres())("copying a SQLite gallery to PostgreSQL", () => {
  let cluster: TestPostgres;
  let url: string;
  let pg: Postgres;
  let dir: string;
  let sqlite: Database;
  let guard: NetworkGuard;

  beforeAll(async () => {
    guard = installNetworkGuard();
    cluster = await startPostgres();
    url = await cluster.createDatabase("gallery_copy");
    pg = openPostgres(url, { max: 2 });
    dir = mkdtempSync(join(tmpdir(), "gallery-copy-"));
    ({ sqlite } = openDatabase(join(dir, "gallery.db")));
    migrateDatabase(drizzleFor(sqlite));
    const db = drizzleFor(sqlite);
    const [ada] = db.insert(sqliteTables.users).values({ googleSub: "g-ada", email: "ada@example.com", name: "Ada", isAdmin: true }).returning().all();
    db.insert(sqliteTables.users).values({ googleSub: "g-bob", email: "bob@example.com" }).run();
    db.insert(sqliteTables.matrixRuns)
      .values({ id: "run-1", userId: ada!.id, basePrompts: ["a fox", "a teapot"], stylePhrases: ["oil painting"], modelKeys: ["local:paint"], totalCells: 2 })
      .run();
    const fox = insertRender(sqlite, { basePrompt: "a fox", stylePhrase: "oil painting", userId: ada!.id, curatedRank: 1 });
    insertRender(sqlite, { basePrompt: "a teapot", stylePhrase: "oil painting", visibility: "private", userId: ada!.id });
    insertRender(sqlite, { basePrompt: "a fox", stylePhrase: "pixel art", nsfw: true });
    insertRender(sqlite, { basePrompt: "a fox", stylePhrase: "watercolour", status: "pending" });
    db.insert(sqliteTables.renderFeatures).values({ renderId: fox, vector: Buffer.from(new Float32Array([0.25, -1, 3.5]).buffer), layoutHash: "00ff" }).run();
    db.insert(sqliteTables.creditLedger).values({ userId: ada!.id, delta: 100, reason: "test_grant" }).run();
    db.insert(sqliteTables.creditLedger).values({ userId: ada!.id, delta: -8, reason: "render", renderId: fox }).run();
  }, 60_000);

  afterAll(async () => {
    sqlite?.close();
    await pg?.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
    guard?.uninstall();
  });

  function copy() {
    return spawnProcess([process.execPath, "run", "db:copy-to-postgres", "--from", join(dir, "gallery.db")], { DATABASE_URL: url, DATA_DIR: dir });
  }

  test("every table arrives with the same rows and values", async () => {
    const run = copy();
    expect(await run.exited()).toBe(0);
    expect(run.output()).toContain("renders: 4 rows");
    const source = drizzleFor(sqlite);
    for (const key of ["users", "matrixRuns", "renders", "styles", "prompts", "galleryState", "creditLedger", "renderFeatures"] as const) {
      const before = source.select().from(sqliteTables[key]).all();
      const after = await pg.db.select().from(pgTables[key]);
      const byKey = (row: object) => JSON.stringify(Object.values(row)[0]);
      expect(after.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(before.sort((a, b) => byKey(a).localeCompare(byKey(b))) as never);
    }
    const [features] = await pg.db.select().from(pgTables.renderFeatures);
    expect(Array.from(new Float32Array(new Uint8Array(features!.vector).buffer))).toEqual([0.25, -1, 3.5]);
    const [ada] = await pg.db.select().from(pgTables.users).where(eq(pgTables.users.googleSub, "g-ada"));
    expect(ada).toMatchObject({ isAdmin: true, name: "Ada" });
    const [run1] = await pg.db.select({ prompts: pgTables.matrixRuns.basePrompts }).from(pgTables.matrixRuns);
    expect(run1!.prompts).toEqual(["a fox", "a teapot"]);
  }, 60_000);

  test("new rows take ids after the copied ones, and the gallery's triggers work again", async () => {
    const [carol] = await pg.db.insert(pgTables.users).values({ googleSub: "g-carol", email: "carol@example.com" }).returning({ id: pgTables.users.id });
    expect(carol!.id).toBe(3);
    const [before] = await pg.db.select({ version: pgTables.galleryState.version }).from(pgTables.galleryState);
    await pg.db.update(pgTables.renders).set({ hiddenAt: Date.now() }).where(eq(pgTables.renders.curatedRank, 1));
    const [after] = await pg.db.select({ version: pgTables.galleryState.version }).from(pgTables.galleryState);
    expect(after!.version).toBeGreaterThan(before!.version);
    const styles = await pg.db.select({ slug: pgTables.styles.slug }).from(pgTables.styles).orderBy(asc(pgTables.styles.slug));
    expect(styles.map((style) => style.slug)).toContain("oil-painting");
  });

  test("a second copy into the filled database is refused and changes nothing", async () => {
    const again = copy();
    expect(await again.exited()).toBe(1);
    expect(again.output()).toContain("already holds 3 users and 4 renders");
    expect(await pg.db.select().from(pgTables.users)).toHaveLength(3);
  });
});
