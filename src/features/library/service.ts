// The licensed library as a streamed ZIP (archive.ts): every public finished render at full resolution, a
// manifest.csv and a LICENSE. The set is fixed by a gallery snapshot, so the same URL always yields the same bytes (resumable).
import type { Database } from "bun:sqlite";
import type { Config } from "../../config";
import { createImageStore, downloadFileName, type ImageStore } from "../../storage";
import { buildRenderArchive, type ArchiveEntry, type RenderArchive } from "./archive";
import { sqliteData } from "../../db/data";
import { libraryBatchStep, rendersWithoutRecordedOriginal, type LibraryRender } from "../../db/renders";
import { lastGallerySeq } from "../../db/gallery-state";
import { findAndRecordOriginals, recordedOriginal } from "./originals";
import { readStepsInline } from "../../db/sqlite-steps";

const BATCH = 500;

export function currentSnapshot(sqlite: Database): Promise<number> {
  return lastGallerySeq(sqliteData(sqlite));
}

/** Renders of the snapshot whose original's size is not recorded yet (stored before it was): find them once. */
export async function recordMissingOriginals(sqlite: Database, store: ImageStore, snapshot: number): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await rendersWithoutRecordedOriginal(sqliteData(sqlite), after, snapshot, BATCH);
    if (rows.length > 0) await findAndRecordOriginals(sqlite, store, rows);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallerySeq!;
  }
}

/** Renders in the snapshot, read in keyset batches so memory stays flat however large the library is. */
function* libraryRows(sqlite: Database, snapshot: number): Generator<LibraryRender> {
  let after = 0;
  for (;;) {
    const rows = readStepsInline(sqlite, () => libraryBatchStep(after, snapshot, BATCH));
    yield* rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallerySeq!;
  }
}

function* libraryEntries(sqlite: Database, snapshot: number): Generator<ArchiveEntry> {
  for (const row of libraryRows(sqlite, snapshot)) {
    const original = recordedOriginal(row);
    if (!original) continue; // a render whose files are lost is left out of the archive and the manifest alike
    const lastModified = new Date(row.completedAt ?? row.createdAt);
    const render = { id: row.id, base_prompt: row.basePrompt, style_phrase: row.stylePhrase, model_key: row.modelKey };
    yield { name: `images/${row.styleSlug}/${downloadFileName(row.id)}`, key: original.key, size: original.size, lastModified, render };
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
