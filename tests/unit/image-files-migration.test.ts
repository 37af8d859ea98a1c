// Upgrading a database from before renders recorded their image files: the migration backfills the 2× thumbnail
// path and the original's key from the naming rule those renders were written under, and leaves sizes unknown.
import { afterAll, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { openDatabase } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";

const dir = mkdtempSync(join(tmpdir(), "gallery-image-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("existing renders get thumb_2x_path and full_key; unfinished ones stay empty", () => {
  // The migrations as they were before this one.
  const before = join(dir, "drizzle-before");
  cpSync(join(import.meta.dir, "../../drizzle/sqlite"), before, { recursive: true });
  const journalPath = join(before, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === "0008_render_image_files");
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  writeFileSync(journalPath, JSON.stringify(journal));

  const { sqlite, db } = openDatabase(join(dir, "old.db"));
  migrate(db, { migrationsFolder: before });
  const done = "3f2b8c1e-9d4a-4e7b-8c61-2a5f0e9b7d13";
  const pending = "5a1c0d2e-1111-4e7b-8c61-2a5f0e9b7d13";
  const insert = sqlite.query(
    `INSERT INTO renders (id, style_phrase, style_slug, model_key, base_prompt, effective_prompt, status, image_path, thumb_path)
     VALUES (?, 's', 's', 'local:paint', 'p', 'p', ?, ?, ?)`,
  );
  insert.run(done, "done", `/images/2026/11/${done}.webp`, `/images/2026/11/${done}_t.webp`);
  insert.run(pending, "pending", null, null);

  migrateDatabase(db);
  const rows = sqlite.query("SELECT id, thumb_2x_path, full_key, full_width, full_height, full_bytes FROM renders ORDER BY seq").all();
  expect(rows).toEqual([
    { id: done, thumb_2x_path: `/images/2026/11/${done}_t2.webp`, full_key: `images/2026/11/${done}_full.webp`, full_width: null, full_height: null, full_bytes: null },
    { id: pending, thumb_2x_path: null, full_key: null, full_width: null, full_height: null, full_bytes: null },
  ]);
  sqlite.close();
});
