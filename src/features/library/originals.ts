// Where a render's full-resolution original is stored and its size: recorded by the worker on the render;
// for renders stored before that, found once in the store and recorded, so later reads ask the database only.
import type { Data } from "../../db/data";
import { recordRenderOriginals, type OriginalRow } from "../../db/library-reads";
import { imageKeyFromUrlPath, type ImageStore } from "../../storage";

export type { OriginalRow };

export interface StoredOriginal {
  key: string;
  size: number;
}

export function recordedOriginal(row: OriginalRow): StoredOriginal | null {
  return row.fullKey && row.fullBytes !== null ? { key: row.fullKey, size: row.fullBytes } : null;
}

/**
 * Renders without a recorded size: their original if it is stored, else their web image (the oldest renders
 * kept no separate original). Found ones are recorded on the row; a render with neither file is left out.
 */
export async function findAndRecordOriginals(data: Data, store: ImageStore, rows: OriginalRow[]): Promise<Map<string, StoredOriginal>> {
  const found = await Promise.all(
    rows.map(async (row): Promise<[string, StoredOriginal] | null> => {
      for (const key of [row.fullKey, row.imagePath ? imageKeyFromUrlPath(row.imagePath) : null]) {
        if (!key) continue;
        const stored = await store.stat(key);
        if (stored) return [row.id, { key, size: stored.size }];
      }
      return null;
    }),
  );
  const hits = found.filter((entry): entry is [string, StoredOriginal] => entry !== null);
  await recordRenderOriginals(data, hits);
  return new Map(hits);
}

/** The original of one render, from its row when recorded. */
export async function originalOf(data: Data, store: ImageStore, row: OriginalRow): Promise<StoredOriginal | null> {
  return recordedOriginal(row) ?? (await findAndRecordOriginals(data, store, [row])).get(row.id) ?? null;
}
