// The licensed library as a streamed ZIP (archive.ts): every public finished render at full resolution, a
// manifest.csv and a LICENSE. The set is fixed by a gallery snapshot, so the same URL always yields the same bytes (resumable).
import type { Config } from "../../config";
import type { Data } from "../../db/data";
import { createImageStore, downloadFileName, type ImageStore } from "../../storage";
import { buildRenderArchive, type ArchiveEntry, type RenderArchive } from "./archive";
import { libraryBatch, publishedSnapshot, rendersWithoutRecordedOriginal, type LibraryRender } from "../../db/library-reads";
import { findAndRecordOriginals, recordedOriginal } from "./originals";

const BATCH = 500;

export async function currentSnapshot(data: Data): Promise<number> {
  return publishedSnapshot(data);
}

/** Renders of the snapshot whose original's size is not recorded yet (stored before it was): find them once. */
export async function recordMissingOriginals(data: Data, store: ImageStore, snapshot: number): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await rendersWithoutRecordedOriginal(data, after, snapshot, BATCH);
    if (rows.length > 0) await findAndRecordOriginals(data, store, rows);
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallerySeq!;
  }
}

/** Renders in the snapshot, read in keyset batches so memory stays flat however large the library is. */
export async function* libraryRows(data: Data, snapshot: number): AsyncGenerator<LibraryRender> {
  let after = 0;
  for (;;) {
    const rows = await libraryBatch(data, after, snapshot, BATCH);
    yield* rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.gallerySeq!;
  }
}

async function* libraryEntries(data: Data, snapshot: number): AsyncGenerator<ArchiveEntry> {
  for await (const row of libraryRows(data, snapshot)) {
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

export async function buildLibraryArchive(data: Data, config: Config, snapshot: number): Promise<LibraryArchive> {
  const store = createImageStore(config.storage);
  await recordMissingOriginals(data, store, snapshot);
  return { snapshot, ...(await buildRenderArchive(store, config.licenseSpdx, () => libraryEntries(data, snapshot))) };
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
