// drizzle/pg/ on a real PostgreSQL 15: every table and column of schema-pg.ts exists as declared, the hand-written
// triggers, functions and search indexes exist, processes migrating at once apply each migration once, and Drizzle
// over Bun.SQL round-trips the types that differ from SQLite (epoch-ms bigints, booleans, jsonb).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eq, getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { readFileSync } from "node:fs";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import * as pgSchema from "../../src/db/schema-pg";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";


describe.skipIf(skipWithoutPostgres())("PostgreSQL migrations", () => {
  let cluster: TestPostgres;
  let pg: Postgres;

  beforeAll(async () => {
    cluster = await startPostgres();
    const url = await cluster.createDatabase("gallery_migrations");
    // Three processes starting together: the advisory lock makes them take turns.
    const starters = [openPostgres(url, { max: 2 }), openPostgres(url, { max: 2 }), openPostgres(url, { max: 2 })];
    await Promise.all(starters.map((starter) => migratePostgres(starter)));
    await Promise.all(starters.slice(1).map((starter) => starter.close()));
    pg = starters[0]!;
  });

  afterAll(async () => {
    await pg?.close();
    cluster?.stop();
  });

  test("each migration of the journal is applied exactly once, also when migrating again", async () => {
    const journal = JSON.parse(readFileSync(new URL("../../drizzle/pg/meta/_journal.json", import.meta.url), "utf8")) as { entries: unknown[] };
    await migratePostgres(pg);
    const [{ applied }] = await pg.client`SELECT count(*)::int AS applied FROM drizzle.__drizzle_migrations`;
    expect(applied).toBe(journal.entries.length);
    const [{ rows }] = await pg.client`SELECT count(*)::int AS rows FROM gallery_state`;
    expect(rows).toBe(1);
  });

  test("every table and column of schema-pg.ts exists with its declared type and nullability", async () => {
    const columns: { table_name: string; column_name: string; data_type: string; is_nullable: string }[] = await pg.client`
      SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`;
    const inDatabase = new Set(columns.map((column) => `${column.table_name}.${column.column_name} ${column.data_type} ${column.is_nullable === "NO" ? "not null" : "null"}`));
    const declared: string[] = [];
    for (const table of Object.values(pgSchema)) {
      if (!is(table, PgTable)) continue;
      for (const column of Object.values(getTableColumns(table))) {
        declared.push(`${getTableName(table)}.${column.name} ${column.getSQLType()} ${column.notNull ? "not null" : "null"}`);
      }
    }
    expect(declared.length).toBeGreaterThan(90);
    expect(declared.filter((column) => !inDatabase.has(column))).toEqual([]);
    expect(inDatabase.size).toBe(declared.length);
  });

  test("the catalogue and wakeup triggers, search functions and GIN indexes exist", async () => {
    const triggers: { name: string }[] = await pg.client`SELECT DISTINCT trigger_name AS name FROM information_schema.triggers ORDER BY 1`;
    expect(triggers.map((row) => row.name)).toEqual([
      "gallery_state_announce",
      "renders_catalogue_after_delete",
      "renders_catalogue_after_insert",
      "renders_catalogue_after_update",
      "renders_curation_changed",
      "renders_place_in_gallery_on_insert",
      "renders_place_in_gallery_on_update",
      "renders_public_failed",
      "renders_supersede_previous_version",
      "renders_wake_queue_on_insert",
      "renders_wake_queue_on_update",
    ]);
    const indexes: { name: string; method: string }[] = await pg.client`
      SELECT index.relname AS name, method.amname AS method FROM pg_class index JOIN pg_am method ON method.oid = index.relam
      WHERE index.relname LIKE '%search_idx' ORDER BY 1`;
    expect([...indexes]).toEqual([
      { name: "prompts_search_idx", method: "gin" },
      { name: "styles_search_idx", method: "gin" },
    ]);
  });

  test("Drizzle over Bun.SQL round-trips epoch-ms bigints, booleans, doubles and jsonb", async () => {
    const { db } = pg;
    const [user] = await db.insert(pgSchema.users).values({ googleSub: "sub-1", email: "ada@example.test", isAdmin: true }).returning();
    expect(user!.isAdmin).toBe(true);
    expect(typeof user!.createdAt).toBe("number");
    expect(Math.abs(user!.createdAt - Date.now())).toBeLessThan(60_000);
    await db.insert(pgSchema.matrixRuns).values({
      id: "run-1",
      userId: user!.id,
      basePrompts: ["a fox", "ein Fuchs"],
      stylePhrases: ["oil painting"],
      modelKeys: ["local:draw"],
      totalCells: 2,
    });
    const leaseUntil = 1_900_000_000_123;
    await db.insert(pgSchema.renders).values({
      id: "render-1",
      userId: user!.id,
      matrixRunId: "run-1",
      stylePhrase: "oil painting",
      styleSlug: "oil-painting",
      modelKey: "local:draw",
      basePrompt: "a fox",
      effectivePrompt: "a fox, oil painting",
      strength: 0.35,
      leaseUntil,
      renderMetadata: { seed: 42, tags: ["ü", "日本"] },
    });
    const [render] = await db.select().from(pgSchema.renders).where(eq(pgSchema.renders.id, "render-1"));
    expect(render).toMatchObject({ leaseUntil, strength: 0.35, nsfw: false, superseded: false, renderMetadata: { seed: 42, tags: ["ü", "日本"] } });
    const [run] = await db.select().from(pgSchema.matrixRuns).where(eq(pgSchema.matrixRuns.id, "run-1"));
    expect(run!.basePrompts).toEqual(["a fox", "ein Fuchs"]);
    // jsonb is stored as JSON, not as a JSON string inside JSON, so SQL can reach into it.
    const [stored] = await pg.client`
      SELECT jsonb_typeof(render_metadata) AS metadata, (render_metadata->>'seed')::int AS seed, jsonb_typeof(base_prompts) AS prompts
      FROM renders JOIN matrix_runs ON matrix_runs.id = renders.matrix_run_id WHERE renders.id = 'render-1'`;
    expect(stored).toEqual({ metadata: "object", seed: 42, prompts: "array" });
  });
});
