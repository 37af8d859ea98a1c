// Where a render's full-resolution original is stored and its size: recorded by the worker on the render;
// for renders stored before that, found once in the store and recorded, so later reads ask the database only.
import type { Database } from "bun:sqlite";
import { imageKeyFromUrlPath, type ImageStore } from "../../storage";

export interface OriginalRow {
  id: string;
  image_path: string | null;
  full_key: string | null;
  full_bytes: number | null;
}

export interface StoredOriginal {
  key: string;
  size: number;
}

export function recordedOriginal(row: OriginalRow): StoredOriginal | null {
  return row.full_key && row.full_bytes !== null ? { key: row.full_key, size: row.full_bytes } : null;
}

/**
 * Renders without a recorded size: their original if it is stored, else their web image (the oldest renders
 * kept no separate original). Found ones are recorded on the row; a render with neither file is left out.
 */
export async function findAndRecordOriginals(sqlite: Database, store: ImageStore, rows: OriginalRow[]): Promise<Map<string, StoredOriginal>> {
  const found = await Promise.all(
    rows.map(async (row): Promise<[string, StoredOriginal] | null> => {
      for (const key of [row.full_key, row.image_path ? imageKeyFromUrlPath(row.image_path) : null]) {
        if (!key) continue;
        const stored = await store.stat(key);
        if (stored) return [row.id, { key, size: stored.size }];
      }
      return null;
    }),
  );
  const hits = found.filter((entry): entry is [string, StoredOriginal] => entry !== null);
  const record = sqlite.query("UPDATE renders SET full_key = ?, full_bytes = ? WHERE id = ?");
  sqlite.transaction(() => {
    for (const [id, original] of hits) record.run(original.key, original.size, id);
  })();
  return new Map(hits);
}

/** The original of one render, from its row when recorded. */
export async function originalOf(sqlite: Database, store: ImageStore, row: OriginalRow): Promise<StoredOriginal | null> {
  return recordedOriginal(row) ?? (await findAndRecordOriginals(sqlite, store, [row])).get(row.id) ?? null;
}
