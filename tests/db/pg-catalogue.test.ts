// The same history of renders replayed on SQLite and on PostgreSQL leaves the same gallery positions, gallery version,
// style and prompt catalogues after every step; and catalogue search on PostgreSQL finds the same entries, in the same
// order, as the FTS5 queries do on SQLite.
import type { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { SQL } from "bun";
import { sql as drizzleSql } from "drizzle-orm";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { postgresData, runRows, sqliteData, transaction, type Data } from "../../src/db/data";
import { promptWordMasks, styleWordMasks } from "../../src/db/search";
import { openPostgres, type Postgres } from "../../src/db/pg-client";
import { migratePostgres } from "../../src/db/pg-migrate";
import { matchExpression } from "../../src/features/gallery/search";
import { skipWithoutPostgres, startPostgres, type TestPostgres } from "../helpers/postgres";

type Value = string | number | boolean | null;
type Step =
  | { insert: Record<string, Value> }
  | { update: string; set: Record<string, Value> }
  | { remove: string };

const render = (id: string, slug: string, phrase: string, prompt: string, extra: Record<string, Value> = {}) => ({
  insert: { id, style_slug: slug, style_phrase: phrase, base_prompt: prompt, model_key: "local:draw", effective_prompt: `${prompt}, ${phrase}`, ...extra },
});

// Every trigger's case: queued and failed public renders, publishing on insert and on update, a private run's
// wording, nsfw, curation, a re-render superseding its previous version, unpublishing by visibility and by delete,
// a moderator hiding and restoring a render, and deleting a hidden one.
const HISTORY: Step[] = [
  render("r1", "oil-painting", "Oil Painting", "a red fox", { status: "pending" }),
  render("r2", "oil-painting", "oil painting", "a lighthouse", { status: "done" }),
  { update: "r1", set: { status: "done" } },
  render("r3", "watercolour", "Watercolour", "a red fox", { status: "done", visibility: "private" }),
  { update: "r3", set: { visibility: "public" } },
  render("r4", "ukiyo-e", "Ukiyo-e", "a wave", { status: "done", nsfw: true }),
  render("r5", "pixel-art", "Pixel Art", "a castle", { status: "pending" }),
  { update: "r5", set: { status: "running" } },
  { update: "r5", set: { status: "failed" } },
  { update: "r2", set: { curated_rank: 1 } },
  render("r6", "oil-painting", "OIL painting", "a red fox", { status: "pending", version: 2, previous_version_id: "r1" }),
  { update: "r6", set: { status: "running" } },
  { update: "r6", set: { status: "done" } },
  { update: "r2", set: { visibility: "private" } },
  { remove: "r3" },
  { update: "r4", set: { nsfw: false } },
  { update: "r4", set: { status: "done" } },
  { update: "r4", set: { hidden_at: 1_800_000_000_000, hidden_reason: "spam" } },
  { update: "r4", set: { hidden_at: null, hidden_reason: null } },
  { update: "r6", set: { hidden_at: 1_800_000_000_000 } },
  { remove: "r6" },
];

interface Snapshot {
  gallery: unknown;
  renders: unknown;
  styles: unknown;
  prompts: unknown;
}

function sqliteStep(sqlite: Database, step: Step): void {
  if ("insert" in step) {
    const columns = Object.keys(step.insert);
    sqlite.query(`INSERT INTO renders (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).run(...Object.values(step.insert));
  } else if ("update" in step) {
    const columns = Object.keys(step.set);
    sqlite.query(`UPDATE renders SET ${columns.map((column) => `${column} = ?`).join(", ")} WHERE id = ?`).run(...Object.values(step.set), step.update);
  } else {
    sqlite.query("DELETE FROM renders WHERE id = ?").run(step.remove);
  }
}

async function pgStep(sql: SQL, step: Step): Promise<void> {
  if ("insert" in step) {
    const columns = Object.keys(step.insert);
    await sql.unsafe(`INSERT INTO renders (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`, Object.values(step.insert));
  } else if ("update" in step) {
    const columns = Object.keys(step.set);
    const values = Object.values(step.set);
    await sql.unsafe(`UPDATE renders SET ${columns.map((column, i) => `${column} = $${i + 1}`).join(", ")} WHERE id = $${values.length + 1}`, [...values, step.update]);
  } else {
    await sql`DELETE FROM renders WHERE id = ${step.remove}`;
  }
}

// Ids of catalogue rows are not compared: PostgreSQL spends a sequence value on an ON CONFLICT that does nothing.
const SNAPSHOT_QUERIES = {
  gallery: "SELECT version, last_gallery_seq FROM gallery_state",
  renders: "SELECT id, gallery_seq, superseded FROM renders ORDER BY id",
  styles: "SELECT slug, phrase, public_count FROM styles ORDER BY slug",
  prompts: "SELECT text, public_count FROM prompts ORDER BY text",
};

function sqliteSnapshot(sqlite: Database): Snapshot {
  const read = (query: string) =>
    (sqlite.query(query).all() as Record<string, unknown>[]).map((row) => ("superseded" in row ? { ...row, superseded: row.superseded === 1 } : row));
  return { gallery: read(SNAPSHOT_QUERIES.gallery), renders: read(SNAPSHOT_QUERIES.renders), styles: read(SNAPSHOT_QUERIES.styles), prompts: read(SNAPSHOT_QUERIES.prompts) };
}

async function pgSnapshot(sql: SQL): Promise<Snapshot> {
  const read = async (query: string) =>
    [...((await sql.unsafe(query)) as Record<string, unknown>[])].map((row) => ("version" in row ? { ...row, version: Number(row.version) } : { ...row }));
  return {
    gallery: await read(SNAPSHOT_QUERIES.gallery),
    renders: await read(SNAPSHOT_QUERIES.renders),
    styles: await read(SNAPSHOT_QUERIES.styles),
    prompts: await read(SNAPSHOT_QUERIES.prompts),
  };
}

// FTS5 with every word required: what a whole query must match in the catalogues (the entries whose word mask is full).
function sqliteStyles(sqlite: Database, words: string[]) {
  return sqlite
    .query(`SELECT id, slug, phrase FROM styles WHERE public_count > 0 AND id IN (SELECT rowid FROM styles_fts WHERE styles_fts MATCH ?) ORDER BY slug`)
    .all(matchExpression(words)) as { slug: string; phrase: string }[];
}

function sqlitePrompts(sqlite: Database, words: string[]): string[] {
  return (
    sqlite
      .query(`SELECT text FROM prompts WHERE public_count > 0 AND id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?) ORDER BY text`)
      .all(matchExpression(words)) as { text: string }[]
  ).map((row) => row.text);
}

describe.skipIf(skipWithoutPostgres())("catalogues on PostgreSQL", () => {
  let cluster: TestPostgres;
  // Search's catalogue steps, each in a read transaction of its own, on either database.
  const stylesOn = (data: Data, words: string[]) => transaction(data, () => styleWordMasks(data, words), { readOnly: true });
  const promptsOn = (data: Data, words: string[]) => transaction(data, () => promptWordMasks(data, words), { readOnly: true });
  const full = (words: string[]) => 2 ** words.length - 1;
  const matchingStylesPg = async (words: string[]) =>
    (await stylesOn(postgresData(pg), words)).filter((style) => style.mask === full(words)).map(({ slug, phrase }) => ({ slug, phrase }));
  let pg: Postgres;
  let sqlite: Database;

  beforeAll(async () => {
    cluster = await startPostgres();
    pg = openPostgres(await cluster.createDatabase("gallery_catalogue"), { max: 2 });
    await migratePostgres(pg);
    const opened = openDatabase(":memory:");
    migrateDatabase(opened.db);
    sqlite = opened.sqlite;
  });

  afterAll(async () => {
    await pg?.close();
    cluster?.stop();
  });

  test("one history leaves the same positions, version and catalogues after every step", async () => {
    const steps: { step: number; sqlite: Snapshot; postgres: Snapshot }[] = [];
    for (const [index, step] of HISTORY.entries()) {
      sqliteStep(sqlite, step);
      await pgStep(pg.client, step);
      steps.push({ step: index, sqlite: sqliteSnapshot(sqlite), postgres: await pgSnapshot(pg.client) });
    }
    for (const { step, sqlite: expected, postgres } of steps) expect({ step, ...postgres }).toEqual({ step, ...expected });
    // The history did reach the cases it is for.
    const last = steps.at(-1)!.postgres;
    expect(steps[17]!.postgres.styles).toContainEqual({ slug: "oil-painting", phrase: "OIL painting", public_count: 1 });
    expect(steps[17]!.postgres.renders).toContainEqual({ id: "r4", gallery_seq: null, superseded: false });
    expect(last.styles).toContainEqual({ slug: "oil-painting", phrase: "OIL painting", public_count: 0 });
    expect(last.styles).toContainEqual({ slug: "ukiyo-e", phrase: "Ukiyo-e", public_count: 1 });
    expect(last.renders).toContainEqual({ id: "r1", gallery_seq: null, superseded: true });
    expect(last.prompts).toContainEqual({ text: "a lighthouse", public_count: 0 });
  });

  describe("search over the catalogues", () => {
    const PHRASES = [
      "Oil Painting",
      "Crème brûlée pastel",
      "ukiyo-e woodblock",
      "1920s poster",
      "v2.5 render",
      "Жостово tray painting",
      "pixel-art (8-bit)",
      "Ölgemälde",
      "café-au-lait watercolour",
      "PAINTerly",
    ];
    const PROMPTS = ["a red fox", "the Fox & the hound", "an owl at dusk", "fox-fire over Kyōto", "a lighthouse in 1888"];

    beforeAll(async () => {
      for (const [i, phrase] of PHRASES.entries()) {
        const step = render(`s${i}`, `style-${i}`, phrase, PROMPTS[i % PROMPTS.length]!, { status: "done" });
        sqliteStep(sqlite, step);
        await pgStep(pg.client, step);
      }
    });

    const QUERIES = [
      ["paint"],
      ["oil", "paint"],
      ["creme"],
      ["brûlée"],
      ["ukiyo"],
      ["e"],
      ["1920"],
      ["5"],
      ["жостово"],
      ["ölgem"],
      ["olgem"],
      ["cafe", "water"],
      ["fox"],
      ["kyoto"],
      ["hound", "fox"],
      ["1888"],
      ["nothing"],
      ["pixel", "8"],
    ];

    for (const words of QUERIES) {
      test(`"${words.join(" ")}" matches the same styles and prompts, word by word`, async () => {
        const styles = await stylesOn(postgresData(pg), words);
        const prompts = await promptsOn(postgresData(pg), words);
        expect(styles).toEqual(await stylesOn(sqliteData(sqlite), words));
        expect(prompts).toEqual(await promptsOn(sqliteData(sqlite), words));
        expect(await matchingStylesPg(words)).toEqual(sqliteStyles(sqlite, words).map(({ slug, phrase }) => ({ slug, phrase })));
        expect(prompts.filter((prompt) => prompt.mask === full(words)).map((prompt) => prompt.text)).toEqual(sqlitePrompts(sqlite, words));
      });
    }

    test("the queries found something, so equality above is not two empty lists", async () => {
      const found = await Promise.all(QUERIES.map((words) => matchingStylesPg(words)));
      expect(found.filter((rows) => rows.length > 0).length).toBeGreaterThanOrEqual(12);
      expect((await matchingStylesPg(["paint"])).map((row) => row.phrase)).toEqual(["Oil Painting", "Жостово tray painting", "PAINTerly"]);
      // A mixed query: "oil" alone (bit 0) and "paint" alone (bit 1) come back with their own bits.
      expect((await stylesOn(postgresData(pg), ["oil", "painterly"])).map(({ phrase, mask }) => ({ phrase, mask }))).toEqual([
        { phrase: "Oil Painting", mask: 1 },
        { phrase: "PAINTerly", mask: 2 },
      ]);
    });

    test("a transaction asked to plan each run does so, and only that transaction", async () => {
      // Search's reads ask for it: a generic plan for `style_slug = ANY($2)` walks every published render.
      const data = postgresData(pg);
      const setting = (options: { readOnly: boolean; planEachRun?: boolean }) =>
        transaction(data, function* () {
          const [row] = yield* runRows<{ plan_cache_mode: string }>(drizzleSql`SHOW plan_cache_mode`);
          return row!.plan_cache_mode;
        }, options);
      expect(await setting({ readOnly: true, planEachRun: true })).toBe("force_custom_plan");
      expect(await setting({ readOnly: false, planEachRun: true })).toBe("force_custom_plan");
      expect(await setting({ readOnly: true })).toBe("auto");
    });

    test("the GIN index serves the match", async () => {
      const plan = await pg.client.begin(async (tx) => {
        await tx`SET LOCAL enable_seqscan = off`;
        return tx`EXPLAIN SELECT id FROM styles WHERE gallery_search_vector(phrase) @@ gallery_search_prefixes(${tx.array(["paint"], "TEXT")})`;
      });
      expect(JSON.stringify([...plan])).toContain("styles_search_idx");
    });
  });
});
