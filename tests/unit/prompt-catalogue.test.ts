// The prompt catalogue: kept by triggers as renders publish and unpublish, and filled from existing renders on upgrade.
import { afterAll, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { insertRender } from "../helpers/test-app";

const dir = mkdtempSync(join(tmpdir(), "gallery-prompts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const countOf = (sqlite: ReturnType<typeof openDatabase>["sqlite"], text: string) =>
  (sqlite.query("SELECT public_count AS n FROM prompts WHERE text = ?").get(text) as { n: number } | null)?.n ?? null;
const found = (sqlite: ReturnType<typeof openDatabase>["sqlite"], word: string) =>
  (sqlite.query("SELECT p.text FROM prompts p WHERE p.id IN (SELECT rowid FROM prompts_fts WHERE prompts_fts MATCH ?)").all(`"${word}"*`) as { text: string }[]).map((row) => row.text);

test("publishing, unpublishing and deleting renders keep each prompt's public count; private prompts never enter", () => {
  const { sqlite, db } = openDatabase(join(dir, "triggers.db"));
  migrateDatabase(db);
  const a = insertRender(sqlite, { basePrompt: "a lighthouse at dusk" });
  insertRender(sqlite, { basePrompt: "a lighthouse at dusk", stylePhrase: "pixel art" });
  expect(countOf(sqlite, "a lighthouse at dusk")).toBe(2);
  expect(found(sqlite, "lighth")).toEqual(["a lighthouse at dusk"]);

  const pending = insertRender(sqlite, { basePrompt: "a tin robot", status: "pending" });
  expect(countOf(sqlite, "a tin robot")).toBeNull();
  sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(pending);
  expect(countOf(sqlite, "a tin robot")).toBe(1);
  sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(pending); // no change of state, no double count
  expect(countOf(sqlite, "a tin robot")).toBe(1);

  sqlite.query("UPDATE renders SET nsfw = 1 WHERE id = ?").run(a);
  expect(countOf(sqlite, "a lighthouse at dusk")).toBe(1);
  sqlite.query("UPDATE renders SET nsfw = 0 WHERE id = ?").run(a);
  expect(countOf(sqlite, "a lighthouse at dusk")).toBe(2);
  sqlite.query("DELETE FROM renders WHERE id = ?").run(a);
  expect(countOf(sqlite, "a lighthouse at dusk")).toBe(1);

  insertRender(sqlite, { basePrompt: "my private thing", visibility: "private" });
  expect(countOf(sqlite, "my private thing")).toBeNull();
  expect(found(sqlite, "private")).toEqual([]);
  sqlite.close();
});

test("upgrading a gallery that already has renders fills the catalogue from its published ones", () => {
  // A copy of the migrations without the prompt catalogue: the gallery as it was before this change.
  const older = join(dir, "older-migrations");
  cpSync(join(import.meta.dir, "..", "..", "drizzle", "sqlite"), older, { recursive: true });
  const journalPath = join(older, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag.endsWith("_prompt_catalogue"));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));

  const { sqlite, db } = openDatabase(join(dir, "upgrade.db"));
  migrate(db, { migrationsFolder: older });
  // Only the columns the older schema has: later migrations add more (the stored files' names, provenance).
  const insertOlderRender = (basePrompt: string, stylePhrase: string, visibility: "public" | "private") =>
    sqlite
      .query(
        `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, visibility, image_path, completed_at)
         VALUES (?, ?, ?, 'local:paint', ?, ?, 'done', ?, '/images/2026/11/x.webp', ?)`,
      )
      .run(crypto.randomUUID(), stylePhrase, stylePhrase.replace(/\s+/g, "-"), basePrompt, `${basePrompt}, ${stylePhrase}`, visibility, Date.now());
  insertOlderRender("a red fox", "oil painting", "public");
  insertOlderRender("a red fox", "pixel art", "public");
  insertOlderRender("a hidden fox", "oil painting", "private");
  migrateDatabase(db);
  expect(countOf(sqlite, "a red fox")).toBe(2);
  expect(countOf(sqlite, "a hidden fox")).toBeNull();
  expect(found(sqlite, "fox")).toEqual(["a red fox"]);
  sqlite.close();
});
