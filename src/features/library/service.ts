// The licensed library as a streamed ZIP: every public finished render at full resolution, a manifest.csv and
// a LICENSE. The set is fixed by a gallery snapshot, so the same URL always yields the same bytes (resumable).
import type { Database } from "bun:sqlite";
import { downloadZip, predictLength } from "client-zip";
import type { Config } from "../../config";
import { createImageStore, downloadFileName, type ImageStore } from "../../storage";
import { findAndRecordOriginals, recordedOriginal, type OriginalRow } from "./originals";

const BATCH = 500;
const MANIFEST_HEADER = "id,base_prompt,style_phrase,model,created,file,licence\n";

interface LibraryRow extends OriginalRow {
  base_prompt: string;
  style_phrase: string;
  style_slug: string;
  model_key: string;
  completed_at: number | null;
  created_at: number;
  gallery_seq: number;
}

interface LibraryEntry {
  name: string;
  key: string;
  size: number;
  lastModified: Date;
  row: LibraryRow;
}

export function currentSnapshot(sqlite: Database): number {
  return (sqlite.query("SELECT last_gallery_seq AS n FROM gallery_state WHERE id = 1").get() as { n: number }).n;
}

/** Renders of the snapshot whose original's size is not recorded yet (stored before it was): find them once. */
async function recordMissingOriginals(sqlite: Database, store: ImageStore, snapshot: number): Promise<void> {
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

function* libraryEntries(sqlite: Database, snapshot: number): Generator<LibraryEntry> {
  for (const row of libraryRows(sqlite, snapshot)) {
    const original = recordedOriginal(row);
    if (!original) continue; // a render whose files are lost is left out of the archive and the manifest alike
    const lastModified = new Date(row.completed_at ?? row.created_at);
    yield { name: `images/${row.style_slug}/${downloadFileName(row.id)}`, key: original.key, size: original.size, lastModified, row };
  }
}

/** A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or CR before one) is kept as text with a leading '. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function manifestLine(entry: LibraryEntry, licence: string): string {
  const { row } = entry;
  return `${[row.id, row.base_prompt, row.style_phrase, row.model_key, entry.lastModified.toISOString(), entry.name, licence].map(csvField).join(",")}\n`;
}

const encoder = new TextEncoder();
const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1));

function licenseText(licence: string): string {
  return [
    `AI Gallery library — licence: ${licence}`,
    "",
    licence === "CC0-1.0"
      ? "To the extent possible under law, the publishers have waived all copyright and related or neighboring rights to the images in this archive (CC0 1.0 Universal, https://creativecommons.org/publicdomain/zero/1.0/). You may copy, modify, distribute and use them, even commercially, without asking permission."
      : `The images in this archive are licensed under ${licence} (https://spdx.org/licenses/${licence}.html).`,
    "",
    "manifest.csv lists every image with its base prompt, style phrase, model and creation date.",
    "",
  ].join("\n");
}

export interface LibraryArchive {
  snapshot: number;
  files: number;
  length: number;
  /** The archive's bytes, produced lazily as the response is read. */
  stream(): ReadableStream<Uint8Array>;
}

export async function buildLibraryArchive(sqlite: Database, config: Config, snapshot: number): Promise<LibraryArchive> {
  const store = createImageStore(config.storage);
  await recordMissingOriginals(sqlite, store, snapshot);
  const licence = config.licenseSpdx;
  const license = encoder.encode(licenseText(licence));
  // First pass: names and sizes only (for Content-Length and Range), nothing held but counters.
  let files = 0;
  let manifestSize = encoder.encode(MANIFEST_HEADER).length;
  // LICENSE and manifest.csv are as new as the newest image: a real date, and the same for every
  // download of the snapshot, so resumed ranges match. ZIP dates start in 1980.
  let archiveDate = ZIP_EPOCH;
  for (const entry of libraryEntries(sqlite, snapshot)) {
    files++;
    manifestSize += encoder.encode(manifestLine(entry, licence)).length;
    if (entry.lastModified > archiveDate) archiveDate = entry.lastModified;
  }
  function* metadata() {
    yield { name: "LICENSE", size: license.length, lastModified: archiveDate };
    yield { name: "manifest.csv", size: manifestSize, lastModified: archiveDate };
    for (const entry of libraryEntries(sqlite, snapshot)) yield { name: entry.name, size: entry.size, lastModified: entry.lastModified };
  }
  const length = Number(predictLength(metadata()));

  async function* manifest(): AsyncGenerator<Uint8Array> {
    yield encoder.encode(MANIFEST_HEADER);
    let chunk = "";
    for (const entry of libraryEntries(sqlite, snapshot)) {
      chunk += manifestLine(entry, licence);
      if (chunk.length > 64 * 1024) {
        yield encoder.encode(chunk);
        chunk = "";
      }
    }
    if (chunk) yield encoder.encode(chunk);
  }

  async function* contents() {
    yield { name: "LICENSE", input: license, lastModified: archiveDate };
    yield { name: "manifest.csv", input: manifest(), size: manifestSize, lastModified: archiveDate };
    for (const entry of libraryEntries(sqlite, snapshot)) {
      yield { name: entry.name, input: store.readStream(entry.key), size: entry.size, lastModified: entry.lastModified };
    }
  }

  return {
    snapshot,
    files,
    length,
    stream: () => downloadZip(contents(), { length }).body!,
  };
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
