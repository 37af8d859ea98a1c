// The licensed library as a streamed ZIP (archive.ts): every public finished render at full resolution, a
// manifest.csv and a LICENSE. The set is fixed by a gallery snapshot, so the same URL always yields the same bytes (resumable).
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
import { createImageStore, downloadFileName, type ImageStore } from "../../storage";
import { buildRenderArchive, type ArchiveEntry, type RenderArchive } from "./archive";
import { findAndRecordOriginals, recordedOriginal, type OriginalRow } from "./originals";

const BATCH = 500;

interface LibraryRow extends OriginalRow {
  base_prompt: string;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  completed_at: number | null;
  created_at: number;
  gallery_seq: number;
}

export function currentSnapshot(sqlite: Database): number {
  return (sqlite.query("SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1").get() as { n: number }).n;
}

/** Renders of the snapshot whose original's size is not recorded yet (stored before it was): find them once. */
export async function recordMissingOriginals(sqlite: Database, store: ImageStore, snapshot: number): Promise<void> {
  const page = sqlite.query(
    `SELECT id, image_path, full_key, full_bytes, gallery_seq FROM renders
     WHERE gallery_seq > ? AND gallery_seq <= ? AND full_bytes IS NULL AND image_path IS NOT NULL ORDER BY gallery_seq LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, snapshot, BATCH) as (OriginalRow & { gallery_seq: number })[];
    if (rows.length > 0) await findAndRecordOriginals(sqlite, store, rows);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallery_seq;
  }
}

/** Renders in the snapshot, read in keyset batches so memory stays flat however large the library is. */
function* libraryRows(sqlite: Database, snapshot: number): Generator<LibraryRow> {
  const page = sqlite.query(
    `SELECT id, base_prompt, style_phrase, style_slug, model_key, image_path, full_key, full_bytes, completed_at, created_at, gallery_seq
     FROM renders WHERE gallery_seq IS NOT NULL AND gallery_seq > ? AND gallery_seq <= ? ORDER BY gallery_seq LIMIT ?`,
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, snapshot, BATCH) as LibraryRow[];
    yield* rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallery_seq;
  }
}

function* libraryEntries(sqlite: Database, snapshot: number): Generator<ArchiveEntry> {
  for (const row of libraryRows(sqlite, snapshot)) {
    const original = recordedOriginal(row);
    if (!original) continue; // a render whose files are lost is left out of the archive and the manifest alike
    const lastModified = new Date(row.completed_at ?? row.created_at);
    yield { name: `images/${row.style_slug}/${downloadFileName(row.id)}`, key: original.key, size: original.size, lastModified, render: row };
  }
}

export interface LibraryArchive extends RenderArchive {
  snapshot: number;
}

export async function buildLibraryArchive(sqlite: Database, config: Config, snapshot: number): Promise<LibraryArchive> {
  const store = createImageStore(config.storage);
  await recordMissingOriginals(sqlite, store, snapshot);
  return { snapshot, ...buildRenderArchive(store, config.licenseSpdx, () => libraryEntries(sqlite, snapshot)) };
}

/** Bytes [start, end] of a stream, reading (and dropping) what comes before: how a Range request is served. */
export function sliceStream(source: ReadableStream<Uint8Array>, start: number, end: number): ReadableStream<Uint8Array> {
  let position = 0;
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const chunkStart = position;
        position += chunk.length;
        if (position <= start || chunkStart > end) return;
        controller.enqueue(chunk.subarray(Math.max(0, start - chunkStart), Math.min(chunk.length, end - chunkStart + 1)));
        if (position > end) controller.terminate();
      },
    }),
  );
}
