// Migrations on a fresh file: every table, the FTS index and triggers exist; re-running is a no-op; pragmas hold.
import { afterAll, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";

const dir = mkdtempSync(join(tmpdir(), "gallery-migrate-"));
const MIGRATIONS = fileURLToPath(new URL("../../drizzle/sqlite", import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a fresh database gets the whole schema, and migrating again changes nothing", () => {
  const { sqlite, db } = openDatabase(join(dir, "fresh.db"));
  migrateDatabase(db);
  const names = (type: string) =>
    (sqlite.query("SELECT name FROM sqlite_master WHERE type = ? ORDER BY name").all(type) as { name: string }[]).map((row) => row.name);
  for (const table of ["users", "sessions", "renders", "matrix_runs", "uploads", "credit_ledger", "payments", "stripe_events", "styles", "styles_fts", "gallery_state"]) {
    expect(names("table")).toContain(table);
  }
  for (const trigger of ["renders_publish_on_insert", "renders_publish_on_update", "renders_unpublish_on_update", "styles_fts_insert"]) {
    expect(names("trigger")).toContain(trigger);
  }
  const schemaBefore = sqlite.query("SELECT sql FROM sqlite_master ORDER BY name").all();
  migrateDatabase(db);
  expect(sqlite.query("SELECT sql FROM sqlite_master ORDER BY name").all()).toEqual(schemaBefore);
  expect(sqlite.query("SELECT count(*) AS n FROM gallery_state").get()).toEqual({ n: 1 });

  expect(sqlite.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
  expect(sqlite.query("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
  expect(sqlite.query("PRAGMA busy_timeout").get()).toEqual({ timeout: 5000 });
  sqlite.close();
});

test("the schema refuses an invalid status and a dangling owner", () => {
  const { sqlite, db } = openDatabase(join(dir, "constraints.db"));
  migrateDatabase(db);
  const insert = (status: string, userId: number | null) =>
    sqlite
      .query(
        `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, user_id)
         VALUES (?, 's', 's', 'local:paint', 'p', 'p, s', ?, ?)`,
      )
      .run(crypto.randomUUID(), status, userId);
  expect(() => insert("exploded", null)).toThrow(/CHECK constraint failed/);
  expect(() => insert("done", 42)).toThrow(/FOREIGN KEY constraint failed/);
  sqlite.close();
});

test("publishing and unpublishing keep style counts and gallery positions right", () => {
  const { sqlite, db } = openDatabase(join(dir, "triggers.db"));
  migrateDatabase(db);
  const add = (status: string) => {
    const id = crypto.randomUUID();
    sqlite
      .query(`INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status) VALUES (?, 'Ink Wash', 'ink-wash', 'local:paint', 'p', 'p', ?)`)
      .run(id, status);
    return id;
  };
  const count = () => (sqlite.query("SELECT public_count AS n FROM styles WHERE slug = 'ink-wash'").get() as { n: number }).n;
  const a = add("done");
  const b = add("pending");
  expect(count()).toBe(1);
  sqlite.query("UPDATE renders SET status = 'done' WHERE id = ?").run(b);
  expect(count()).toBe(2);
  sqlite.query("UPDATE renders SET visibility = 'private' WHERE id = ?").run(a);
  expect(count()).toBe(1);
  sqlite.query("UPDATE renders SET visibility = 'public' WHERE id = ?").run(a);
  const positions = sqlite.query("SELECT id, gallery_seq FROM renders ORDER BY gallery_seq").all() as { id: string; gallery_seq: number }[];
  // Republished a comes after b: positions are never reused, so a paging snapshot stays exact.
  expect(positions.map((row) => row.id)).toEqual([b, a]);
  expect(positions.map((row) => row.gallery_seq)).toEqual([2, 3]);
  sqlite.query("DELETE FROM renders WHERE id = ?").run(b);
  expect(count()).toBe(1);
  expect((sqlite.query("SELECT rowid FROM styles_fts WHERE styles_fts MATCH 'ink*'").all() as unknown[]).length).toBe(1);
  sqlite.close();
});

test("the unique indexes that keep money from being doubled are in place, unique, with the right scope", () => {
  const { sqlite, db } = openDatabase(join(dir, "money-indexes.db"));
  migrateDatabase(db);
  /** Each unique index of a table as "col1,col2" → its WHERE clause ("" when it covers every row). */
  const uniqueIndexes = (table: string) => {
    const indexes = sqlite.query(`PRAGMA index_list(${table})`).all() as { name: string; unique: number; partial: number }[];
    const found = new Map<string, string>();
    for (const index of indexes.filter((each) => each.unique === 1)) {
      const columns = (sqlite.query(`PRAGMA index_info(${index.name})`).all() as { name: string }[]).map((column) => column.name).join(",");
      const sql = (sqlite.query("SELECT sql FROM sqlite_master WHERE name = ?").get(index.name) as { sql: string | null } | null)?.sql ?? "";
      found.set(columns, index.partial ? sql.replace(/^.*\bWHERE\b/is, "").replace(/["`\s]/g, "") : "");
    }
    return found;
  };
  // A failed paid render is refunded once; a Stripe event credits once; a checkout session is one payment.
  expect(uniqueIndexes("credit_ledger").get("render_id")).toBe("credit_ledger.reason='render_refund'");
  expect(uniqueIndexes("credit_ledger").get("stripe_event_id")).toBe("");
  expect(uniqueIndexes("stripe_events").get("id")).toBe("");
  expect(uniqueIndexes("payments").get("id")).toBe("");
  expect(uniqueIndexes("users").get("stripe_customer_id")).toBe("");
  expect(uniqueIndexes("users").get("google_sub")).toBe("");
  expect(uniqueIndexes("renders").get("id")).toBe("");
  expect(uniqueIndexes("uploads").get("user_id,sha256")).toBe("");

  // And they hold: a second refund row for one render, or a second row for one event id, is refused.
  sqlite.query("INSERT INTO users (google_sub, email) VALUES ('sub-1', 'a@example.com')").run();
  const ledger = sqlite.query("INSERT INTO credit_ledger (user_id, delta, reason, render_id, stripe_event_id) VALUES (1, ?, ?, ?, ?)");
  ledger.run(5, "render_refund", "render-1", null);
  expect(() => ledger.run(5, "render_refund", "render-1", null)).toThrow(/UNIQUE constraint failed/);
  ledger.run(-5, "render", "render-1", null);
  ledger.run(100, "purchase", null, "evt_1");
  expect(() => ledger.run(100, "purchase", null, "evt_1")).toThrow(/UNIQUE constraint failed/);
  sqlite.close();
});

test("upgrading relabels a style that kept a private render's spelling with its first public render's", () => {
  const { sqlite, db } = openDatabase(join(dir, "relabel.db"));
  // The migrations as they were before the public-label fix, applied to a copy of the folder.
  const before = join(dir, "migrations-before");
  cpSync(MIGRATIONS, before, { recursive: true });
  const journalPath = join(before, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag.endsWith("_public_style_label")));
  writeFileSync(journalPath, JSON.stringify(journal));
  migrate(db, { migrationsFolder: before });
  const add = (phrase: string, visibility: string) =>
    sqlite
      .query(`INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, visibility) VALUES (?, ?, 'secret-style', 'local:paint', 'p', 'p', 'done', ?)`)
      .run(crypto.randomUUID(), phrase, visibility);
  add("secret style", "private");
  add("SECRET-STYLE!!!", "public");
  const label = () => sqlite.query("SELECT phrase, public_count FROM styles WHERE slug = 'secret-style'").get();
  expect(label()).toEqual({ phrase: "secret style", public_count: 1 });
  migrateDatabase(db);
  expect(label()).toEqual({ phrase: "SECRET-STYLE!!!", public_count: 1 });
  expect(sqlite.query("SELECT rowid FROM styles_fts WHERE styles_fts MATCH 'secret'").all()).toHaveLength(1);
  sqlite.close();
});
